/* config.h: presets, the configuration file and the per-language tables of
 * the "filter" stage.
 *
 * Configuration file: one `key = value` per line, '#' starts a comment,
 * blank lines ignored.  Keys are the names printed by --print-config:
 *   preset = news|fineweb|fineweb2|none     (applied first, wherever it is)
 *   gopher_quality = on|off                 (a whole rule family)
 *   gopher_quality.min_doc_words = 30       (a threshold; 0 = check off)
 *   gopher_quality.stop_words = the be to   (space-separated list)
 * Values set in the file override the preset and the per-language values. */
#ifndef WN_FILTER_CONFIG_H
#define WN_FILTER_CONFIG_H

#include "common/buf.h"
#include "rules.h"

typedef enum wn_fpreset { WN_PRESET_NONE, WN_PRESET_NEWS, WN_PRESET_FINEWEB, WN_PRESET_FINEWEB2 } wn_fpreset;

/* FineWeb-2 per-language thresholds (fw2_thresholds.tsv + fw2_stopwords.tsv). */
typedef struct wn_fw2_row {
    char lang_script[16];
    double language_score, dup_line_frac, line_punct_thr, new_line_ratio;
    double min_avg, max_avg, min_alpha, top[3], dup[6];
    char *stop_words;   /* NULL when no list is shipped */
} wn_fw2_row;

typedef struct wn_fw2_table {
    wn_fw2_row *rows;
    size_t n;
} wn_fw2_table;

wn_status wn_fw2_load(wn_fw2_table *t, const char *dir, char *err, size_t errsz);
/* strtod() with a fast path for plain decimals ended by a tab or the end
 * of the string (the table's numbers); the same value. */
double wn_fparse_num(const char *p, char **end);
void wn_fw2_free(wn_fw2_table *t);
/* Row of a language given as ISO 639-3 code ("tur") or lang_script
 * ("tur_Latn"); macrolanguages map to FineWeb-2's individual language
 * (ara -> arb, zho -> cmn, …).  NULL when absent. */
const wn_fw2_row *wn_fw2_find(const wn_fw2_table *t, const char *lang);

int wn_fpreset_parse(const char *s, wn_fpreset *out);
const char *wn_fpreset_name(wn_fpreset p);
/* The preset's parameters (language-independent part). */
void wn_fpreset_params(wn_fpreset preset, wn_qparams *p);
/* Applies a FineWeb-2 row to p the way the preset uses it. */
void wn_fpreset_apply_lang(wn_fpreset preset, const wn_fw2_row *row, wn_qparams *p);

/* One `key = value` setting. */
typedef struct wn_fsetting {
    int field;          /* index in the key table */
    double num;
    char *str;          /* for stop_words */
} wn_fsetting;

typedef struct wn_fconfig {
    wn_fpreset preset;
    int preset_set;
    wn_fsetting *v;
    size_t n;
} wn_fconfig;

/* Parses a configuration text; err gets "line N: …" on WN_ERR_ARG. */
wn_status wn_fconfig_parse(wn_fconfig *c, const char *text, size_t n, char *err, size_t errsz);
wn_status wn_fconfig_load(wn_fconfig *c, const char *path, char *err, size_t errsz);
void wn_fconfig_free(wn_fconfig *c);
void wn_fconfig_apply(const wn_fconfig *c, wn_qparams *p);

/* Appends the effective settings, one `key = value` per line. */
wn_status wn_fparams_print(const wn_qparams *p, wn_buf *out);

#endif
