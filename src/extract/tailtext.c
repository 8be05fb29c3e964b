/* tailtext.c: the phrase lists of tailtext.h, as PCRE2 patterns matched
 * case-insensitively against the line (trimmed of spaces and . ! ?):
 * start_pats and label_pats must match the whole line; find_pats are
 * searched for, only in lines that hold one of their trigger words (a
 * memchr test, so most lines never reach the regex), and count only near
 * the line's start and end.
 * Written for winnow; each entry is a kind of line that news and blog pages
 * put after the article (credits, sources, post footers, calls to action),
 * phrased the way any such page words it, not the wording of one site. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract/tailtext.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 300
#define LABEL_MAX_BYTES 60
#define FIND_MAX_BYTES LINE_MAX_BYTES

/* a line that starts with one of these and ends within the given length */
static const char *const start_pats[] = {
    /* picture credits */
    "(?:titelbild|beitragsbild|titelfoto|aufmacherbild|headerbild|bildquellen?|bildnachweis|fotonachweis"
    "|cr[eé]dits? photos?|photo credits?|image credits?|cover (?:image|photo)|fotos?|photo|bild|image)\\s*:.{0,150}",
    /* "Quelle: dpa", "Source: Reuters" */
    "(?:quelle|source|fuente|fonte|źródło)\\s*:.{0,150}",
    /* post footers of blogs */
    "(?:this entry was posted|posted in|filed under|der beitrag wurde am|dieser beitrag wurde am|erstellt am"
    "|verfasst von|veröffentlicht in|last modified).{0,250}",
    "(?:lust auf mehr|gefällt dir|gefällt ihnen|hat (?:dir|ihnen) (?:der|dieser|unser) (?:artikel|beitrag) gefallen"
    "|did you (?:like|enjoy)|if you (?:enjoyed|liked)|enjoyed this).{0,250}",
    /* "Weitere Informationen zum Thema …:", "More information at www…" */
    "(?:weitere (?:informationen|infos)|more (?:information|info)|further information) (?:zu|zum|zur|unter|über|on|about|at)\\b.{0,100}",
    /* licence notices and citation boxes */
    "(?:dieser text|dieser beitrag|die inhalte dieser website|this (?:article|work|text|post)) .{0,60}\\b(?:lizenz|licen[cs]e)\\b.{0,200}",
    "(?:suggested citation|zitiervorschlag|cite this article|how to cite this).{0,250}",
    /* "Anzeige - …", "Advertisement: …" */
    "(?:anzeige|advertisement|werbung|publicidad)\\s*[-–:|].{0,150}",
    /* "War der Artikel nützlich?", "Was this article helpful?" */
    "(?:war (?:der|dieser) (?:artikel|beitrag|text) (?:hilfreich|nützlich)|ist (?:der|dieser) (?:artikel|beitrag) (?:hilfreich|nützlich)"
    "|was this (?:article|page|post) (?:helpful|useful)|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen"
    "|(?:did|do) you find this (?:article|post) (?:helpful|useful)).{0,60}",
    /* "Stand: 05. Februar 2020", "Last updated: 3 May" */
    "(?:stand|last updated|zuletzt aktualisiert|aktualisiert am|updated)\\s*:?\\s*\\d.{0,60}",
    /* figure captions set as text: "Abbildung 4: …", "Figure 2. …" */
    "(?:abbildung|abb\\.|figure|fig\\.|grafik|tabelle|table)\\s*\\d+\\s*[:.].{0,300}",
    NULL};

/* a line of up to FIND_MAX_BYTES that holds one of these within `before`
 * bytes of its start and `after` bytes of its end: a call to action, not a
 * sentence of the article that mentions one */
static const struct {
    const char *pat;
    const char *words;      /* '|'-separated lower-case words, one of which the pattern needs */
    unsigned before, after;
} find_pats[] = {
    /* calls to subscribe or follow ("sign up for" alone is too often the
     * article's own advice) */
    {"\\b(?:subscribe (?:now|today|to)|abonnieren sie|jetzt abonnieren"
     "|melde dich (?:hier |jetzt )?(?:für|zu[mr]?) .{0,40}an)\\b",
     "subscribe|abonnieren|melde dich", 100, 150},
    /* a newsletter named with a call to get it */
    {"\\b(?:abonn|subscri|sign(?:ing)? up|anmeld|melde|registr|suscr|inscri|bestell|erhalten sie|get\\b).{0,200}"
     "\\bnewsletter\\b", "newsletter", 100, 150},
    {"\\bnewsletter\\b.{0,200}\\b(?:abonn|subscri|sign(?:ing)? up|anmeld|melde|registr|suscr|inscri|bestell"
     "|erhalten sie|get\\b)", "newsletter", 100, 150},
    {"\\b(?:follow|folgen sie|folge|síguenos|suivez)\\b.{0,60}\\b(?:on|auf|en|sur) (?:twitter|facebook|instagram)",
     "twitter|facebook|instagram", 60, 150},
    {"\\bdownload (?:the|our) .{0,40}\\bapps?\\b", "download", 100, 100},
    {"\\b(?:to (?:view|read) the full (?:story|article)|for the full story|already a subscriber)",
     "full story|full article|subscriber", 60, 150},
    {"\\b(?:straight to your (?:phone|inbox)|direkt in (?:ihr|dein) postfach|in (?:ihren|deinen) posteingang)",
     "straight to your|postfach|posteingang", 100, 150},
    {"\\b(?:nuestro canal de|unseren? (?:youtube|telegram|whatsapp)[- ]kanal|our (?:youtube|telegram|whatsapp) channel"
     "|canal de (?:youtube|telegram|whatsapp))", "canal de|kanal|channel", 100, 150},
    {"\\b(?:support (?:our|independent) journalism|unterstützen sie (?:unseren|unabhängigen) journalismus"
     "|help us continue|hazte miembro|become a member|jetzt mitglied werden)",
     "journalis|help us continue|hazte miembro|become a member|mitglied werden", 100, 200},
    /* rights notices */
    {"\\b(?:copyrighted|urheberrechtlich geschützt|chroniony prawem autorskim|all rights reserved"
     "|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés)\\b",
     "copyright|urheberrechtlich|prawem autorskim|all rights reserved|rechte vorbehalten|derechos reservados|droits r",
     150, 250},
};
#define NFIND (sizeof find_pats / sizeof find_pats[0])

/* a short label that heads a box after the article */
static const char *const label_pats[] = {
    "(?:quellen|quellenangaben?|sources|fuentes|references|einzelnachweise)\\s*:?",
    "(?:kontakt|contact|contact us|kontaktieren sie uns|ansprechpartner(?:in)?(?: zum thema)?|pressekontakt"
    "|media contact|weitere informationen|more information|further information|zusatzinformationen"
    "|más información|plus d.informations?)\\s*:?",
    "(?:über den autor|über die autorin|über die autoren|about the authors?|zur person|sobre el autor"
    "|sobre la autora|à propos de l.auteur)\\s*:?",
    /* calls to comment, next/previous links, "Weiterlesen:" */
    "(?:kommentieren|kommentar schreiben|diskutieren sie mit(?: uns)?|leave a (?:comment|reply)|schreibe einen kommentar"
    "|post a comment|add a comment|deja un comentario|laisser un commentaire)",
    "(?:vorschau auf den nächsten artikel|nächster artikel|vorheriger artikel|next article|previous article|next post"
    "|previous post|artículo siguiente|article suivant)",
    "(?:weiterlesen|read more|lesen sie (?:hier )?weiter|mehr lesen|leer más|lire la suite)\\s*:",
    NULL};

static pcre2_code *start_re, *find_re, *label_re;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *const *pats, uint32_t anchors)
{
    size_t len = 1;
    for (int i = 0; pats[i]; i++)
        len += strlen(pats[i]) + 5;
    char *src = malloc(len);
    if (!src)
        return NULL;
    size_t k = 0;
    for (int i = 0; pats[i]; i++) {
        size_t l = strlen(pats[i]);
        if (i)
            src[k++] = '|';
        memcpy(src + k, "(?:", 3);
        k += 3;
        memcpy(src + k, pats[i], l);
        k += l;
        src[k++] = ')';
    }
    src[k] = 0;
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, k,
                                   PCRE2_CASELESS | PCRE2_UTF | PCRE2_NO_UTF_CHECK | anchors,
                                   &ec, &eo, NULL);
    free(src);
    if (re)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* falls back to the interpreter */
    return re;
}

static void index_words(void);

static void build(void)
{
    start_re = compile(start_pats, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
    /* one regex, each alternative in a capture group: group i + 1 is find_pats[i] */
    const char *alts[NFIND + 1];
    char *bufs[NFIND];
    size_t ok = 0;
    for (size_t i = 0; i < NFIND; i++) {
        size_t l = strlen(find_pats[i].pat) + 3;
        if ((bufs[i] = malloc(l)) != NULL) {
            snprintf(bufs[i], l, "(%s)", find_pats[i].pat);
            ok++;
        }
        alts[i] = bufs[i];
    }
    alts[NFIND] = NULL;
    find_re = ok == NFIND ? compile(alts, 0) : NULL;
    for (size_t i = 0; i < NFIND; i++)
        free(bufs[i]);
    label_re = compile(label_pats, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
    index_words();
}

static int matches(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t n)
{
    return re && pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0;
}

/* The trigger words of find_pats, each searched by its rarest letter (fewer
 * false starts for memchr than its first one). */
#define MAX_WORDS 64
static struct { const char *w; size_t len, rare; } words[MAX_WORDS];
static size_t nwords;

static void index_words(void)
{
    static const char by_rarity[] = "zqxjkvbpygfwmucldrhsnioate";
    for (size_t i = 0; i < NFIND; i++)
        for (const char *w = find_pats[i].words; *w && nwords < MAX_WORDS;) {
            const char *e = strchr(w, '|');
            size_t l = e ? (size_t)(e - w) : strlen(w), rare = 0;
            const char *best = NULL;
            for (size_t k = 0; k < l; k++) {
                const char *r = strchr(by_rarity, w[k]);
                if (r && w[k] && (!best || r < best)) {
                    best = r;
                    rare = k;
                }
            }
            words[nwords].w = w;
            words[nwords].len = l;
            words[nwords].rare = rare;
            nwords++;
            w += l + (e != NULL);
        }
}

/* Does the line hold one of the words some find_pats entry needs?  A cheap
 * test (ASCII lower-casing, memchr) that spares most lines the regex. */
static int has_trigger(const char *s, size_t n)
{
    char low[FIND_MAX_BYTES];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((unsigned char)s[i] < 0x80 ? tolower((unsigned char)s[i]) : s[i]);
    for (size_t i = 0; i < nwords; i++) {
        size_t l = words[i].len, r = words[i].rare;
        if (l > n)
            continue;
        /* the rare letter can sit at low[r .. n - l + r] */
        const char *p = low + r, *end = low + n - l + r + 1;
        while (p < end && (p = memchr(p, words[i].w[r], (size_t)(end - p))) != NULL) {
            if (!memcmp(p - r, words[i].w, l))
                return 1;
            p++;
        }
    }
    return 0;
}

/* find_re's first match, within the bounds of the phrase that matched */
static int found_near_start(pcre2_match_data *md, const char *s, size_t n)
{
    if (n > FIND_MAX_BYTES || !has_trigger(s, n) || !matches(find_re, md, s, n))
        return 0;
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    for (size_t i = 0; i < NFIND && i + 1 < pairs; i++)
        if (ov[2 * i + 2] != PCRE2_UNSET)
            return ov[0] <= find_pats[i].before && n - ov[1] <= find_pats[i].after;
    return 0;
}

int wn_x_tail_kind(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '.' || *s == '!' || *s == '?')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
        n--;
    if (n == 0 || n > LINE_MAX_BYTES)
        return WN_TAIL_NONE;
    pthread_once(&once, build);
    pcre2_match_data *md = pcre2_match_data_create(NFIND + 1, NULL);
    if (!md)
        return WN_TAIL_NONE;
    int k = WN_TAIL_NONE;
    if (n <= LABEL_MAX_BYTES && matches(label_re, md, s, n))
        k = WN_TAIL_LABEL;
    else if (matches(start_re, md, s, n) || found_near_start(md, s, n))
        k = WN_TAIL_LINE;
    pcre2_match_data_free(md);
    return k;
}
