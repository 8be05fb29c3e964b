/* patterns.h: boilerplate line patterns loaded from data files
 * (data/boilerplate/<lang>.txt; the format is in data/boilerplate/README.md). */
#ifndef WN_PATTERNS_H
#define WN_PATTERNS_H

#include <stddef.h>
#include "winnow.h"

typedef struct wn_patterns wn_patterns;
typedef struct pcre2_real_match_data_8 wn_match_data;

/* Loads <dir>/common.txt and <dir>/<lang>.txt for each lang in the comma
 * list `langs` (NULL or "" = every .txt file in dir), then each extra file.
 * err receives "file:line: message" on WN_ERR_DATA. */
wn_status wn_patterns_load(const char *dir, const char *langs, const char *const *extra,
                           size_t nextra, wn_patterns **out, char *err, size_t errlen);
void wn_patterns_free(wn_patterns *p);

/* Per-thread match state. */
wn_match_data *wn_patterns_match_data(const wn_patterns *p);
void wn_patterns_match_data_free(wn_match_data *md);

/* The removal reason of the first pattern kind matching the whole line
 * (after trimming), or NULL.  line must be valid UTF-8. */
const char *wn_patterns_match(const wn_patterns *p, wn_match_data *md, const char *line, size_t n);

/* Recognises a timestamp line; fills published/updated as ISO 8601
 * ("2025-10-27T13:05", "2025-10-27", or "" when absent).  Returns 1 on a match. */
int wn_patterns_timestamp(const wn_patterns *p, wn_match_data *md, const char *line, size_t n,
                          char published[32], char updated[32]);

/* Both tests on one line, trimmed once: wn_patterns_timestamp_reason
 * ("timestamp"; compare the pointer, a data file may name a kind so too)
 * with published/updated filled as by wn_patterns_timestamp, else
 * wn_patterns_match's kind, else NULL. */
extern const char wn_patterns_timestamp_reason[];
const char *wn_patterns_classify(const wn_patterns *p, wn_match_data *md, const char *line, size_t n,
                                 char published[32], char updated[32]);

/* The timestamp screen on a trimmed line: 0 when its first or last byte
 * rules a timestamp line out, so the regex need not run.  With the regex
 * alone (no screen, no trimming), exposed for tests. */
int wn_patterns_stamp_screen(const wn_patterns *p, const char *line, size_t n);
int wn_patterns_stamp_regex(const wn_patterns *p, wn_match_data *md, const char *line, size_t n);

/* Does s[0..n) hold an ASCII digit (the timestamp screen)?  Exposed for
 * tests. */
int wn_has_ascii_digit(const char *s, size_t n);

/* Number of pattern entries loaded (for stats and tests). */
size_t wn_patterns_count(const wn_patterns *p);

#endif
