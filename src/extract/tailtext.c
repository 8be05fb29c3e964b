/* tailtext.c: the phrase lists of tailtext.h, as PCRE2 patterns matched
 * case-insensitively against the whole line (trimmed of spaces and . ! ?).
 * Written for winnow; each entry is a kind of line that news and blog pages
 * put after the article (credits, sources, post footers, calls to action),
 * phrased the way any such page words it, not the wording of one site. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract/tailtext.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 300
#define LABEL_MAX_BYTES 60

/* a whole line that is boilerplate */
static const char *const line_pats[] = {
    /* picture credits */
    "(?:titelbild|beitragsbild|titelfoto|aufmacherbild|headerbild|bildquellen?|bildnachweis|fotonachweis"
    "|cr[eé]dits? photos?|photo credits?|image credits?|cover (?:image|photo)|fotos?|photo|bild|image)\\s*:.{0,150}",
    /* "Quelle: dpa", "Source: Reuters" */
    "(?:quelle|source|fuente|fonte|źródło)\\s*:.{0,150}",
    /* post footers of blogs */
    "(?:this entry was posted|posted in|filed under|der beitrag wurde am|dieser beitrag wurde am|erstellt am"
    "|verfasst von|veröffentlicht in|last modified).{0,250}",
    /* calls to subscribe, sign up or follow */
    ".{0,100}\\b(?:subscribe (?:now|today|to)|abonnieren sie|jetzt abonnieren|sign up (?:for|to)"
    "|melde dich .{0,40}an)\\b.{0,150}",
    /* a newsletter named with a call to get it */
    "(?=.{0,250}\\b(?:abonn|subscri|sign(?:ing)? up|anmeld|melde|registr|suscr|inscri|bestell|erhalten sie|get\\b))"
    ".{0,100}\\bnewsletter\\b.{0,150}",
    ".{0,60}\\b(?:follow|folgen sie|folge|síguenos|suivez)\\b.{0,60}\\b(?:on|auf|en|sur) (?:twitter|facebook|instagram).{0,150}",
    ".{0,100}\\bdownload (?:the|our) .{0,40}\\bapps?\\b.{0,100}",
    "(?:lust auf mehr|gefällt dir|gefällt ihnen|hat (?:dir|ihnen) (?:der|dieser|unser) (?:artikel|beitrag) gefallen"
    "|did you (?:like|enjoy)|if you (?:enjoyed|liked)|enjoyed this).{0,250}",
    ".{0,60}\\b(?:to (?:view|read) the full (?:story|article)|for the full story|already a subscriber).{0,150}",
    ".{0,100}\\b(?:straight to your (?:phone|inbox)|direkt in (?:ihr|dein) postfach|in (?:ihren|deinen) posteingang).{0,150}",
    ".{0,100}\\b(?:nuestro canal de|unseren? (?:youtube|telegram|whatsapp)[- ]kanal|our (?:youtube|telegram|whatsapp) channel"
    "|canal de (?:youtube|telegram|whatsapp)).{0,150}",
    ".{0,100}\\b(?:support (?:our|independent) journalism|unterstützen sie (?:unseren|unabhängigen) journalismus"
    "|help us continue|hazte miembro|become a member|jetzt mitglied werden).{0,200}",
    /* "Weitere Informationen zum Thema …:", "More information at www…" */
    "(?:weitere (?:informationen|infos)|more (?:information|info)|further information) (?:zu|zum|zur|unter|über|on|about|at)\\b.{0,100}",
    /* rights and licence notices */
    ".{0,150}\\b(?:copyrighted|urheberrechtlich geschützt|chroniony prawem autorskim|all rights reserved"
    "|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés)\\b.{0,250}",
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

static pcre2_code *line_re, *label_re;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *const *pats)
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
                                   PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK |
                                       PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                                   &ec, &eo, NULL);
    free(src);
    if (re)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* falls back to the interpreter */
    return re;
}

static void build(void)
{
    line_re = compile(line_pats);
    label_re = compile(label_pats);
}

static int matches(const pcre2_code *re, const char *s, size_t n)
{
    if (!re)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        return 0;
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
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
    if (n <= LABEL_MAX_BYTES && matches(label_re, s, n))
        return WN_TAIL_LABEL;
    return matches(line_re, s, n) ? WN_TAIL_LINE : WN_TAIL_NONE;
}
