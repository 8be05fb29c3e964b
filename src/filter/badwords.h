/* badwords.h: C4BadWordsFilter (quality-rules.md §5.3) over the LDNOOBW
 * lists that tools/fetch-badwords.sh installs in DATA/filter/badwords/
 * (npm naughty-words@1.2.0, CC-BY-4.0; one word per line, UTF-8).
 *
 * As datatrove: each line is str.strip()'ed, the allow-list (ja: sm, グロ,
 * 女の子; zh: 性) is taken out, the words are NOT lower-cased (a listed word
 * with a capital never matches), the document text is str.lower()'ed, and a
 * document is hit when
 *   - ja, th, zh: some word occurs anywhere (substring search);
 *   - other languages: some word occurs with a non-word character or the
 *     text's start before it and a non-word character or the text's end
 *     after it, Python's `(?:\W|^)(w1|w2|…)(?:\W|$)`; a word character is
 *     Python re's \w: a letter (L*), a number (N*) or '_'.
 * Empty words (none in the shipped lists) are skipped. */
#ifndef WN_FILTER_BADWORDS_H
#define WN_FILTER_BADWORDS_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"

typedef struct wn_badlist wn_badlist;
typedef struct wn_badwords wn_badwords;

/* The 28 languages of datatrove's _BADWORDS_LANGS, in its order. */
extern const char *const wn_badwords_langs[28];

/* A list from its text (one word per line) for language `lang`. */
wn_status wn_badlist_new(const char *lang, const char *text, size_t n, wn_badlist **out);
void wn_badlist_free(wn_badlist *l);
/* 1 when the (already lower-cased) text is hit, *word (optional) then
 * points to the matched word (NUL-terminated, owned by the list); else 0. */
int wn_badlist_search(const wn_badlist *l, const char *text, size_t n, const char **word);

/* Loads every language's list from dir/filter/badwords/<lang>.txt; a
 * missing file is an error (the build installs them all). */
wn_status wn_badwords_load(const char *data_dir, wn_badwords **out, char *err, size_t errsz);
void wn_badwords_free(wn_badwords *b);
/* The list of a language code as langid's `lang` gives it ("en", "ru",
 * "fil"…), NULL when LDNOOBW has none. */
const wn_badlist *wn_badwords_find(const wn_badwords *b, const char *lang);

/* Python re's \w for one code point. */
int wn_re_isword(int32_t cp);

/* The keep_fraction draw for a document: uniform in [0, 1) from the seed
 * and the document's id (the same on any thread and in any order). */
double wn_badwords_uniform(uint64_t seed, const char *id);

#endif
