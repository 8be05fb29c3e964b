/* linededup.h: the ordered "linededup" stage: cross-document line
 * boilerplate removal after CCNet (quality-rules.md §9), in one streaming
 * pass, or in two.
 *
 * Each kept line is normalised as CCNet's normalize_for_dedup does (strip,
 * Python lower-case, every Unicode decimal digit -> '0', CCNet's unicode
 * punctuation table and the C0/C1 controls deleted) and hashed (XXH3-64 of
 * the UTF-8 bytes, where CCNet takes the first 8 bytes of SHA-1: only
 * collisions can differ).  The hash is keyed by the document's group: the
 * meta field named by --group-by (default "source"; "global" = one group),
 * else the host of meta.url, else one global group.
 *
 * A line is removed ("line_dedup") when its (group, normalised line) was
 * already seen in at least --line-dedup-min earlier documents (default 1:
 * from the second document on).  Being one pass, the first copies stay,
 * like CCNet's one-pass mode (its two-pass mode removes every copy).  Lines
 * repeated inside one document count once.  A document left with no line is
 * rejected "line_dedup_empty".
 *
 * Memory is bounded: two generations of at most --line-dedup-max-lines/2
 * entries (16 bytes each) each; when the current one fills, the older is
 * dropped and the current becomes the older, so the window covers at least
 * the last max-lines/2 distinct lines.  Default 4M lines = 64 MiB.
 *
 * Two passes (CCNet's batch mode, --line-dedup two-pass in the CLI):
 * option line-dedup-counts-out FILE makes the stage count, for every
 * (group, line), the documents it occurs in, remove nothing, and write at
 * the end the lines found in more than --line-dedup-min documents;
 * line-dedup-counts FILE makes it remove every copy of those lines.  The
 * counting table holds at most --line-dedup-max-lines lines (16 bytes each,
 * growing as needed); lines past that are not counted (stats:
 * lines_not_counted).
 *
 * Enabled by --line-dedup on (default off). */
#ifndef WN_LINEDEDUP_H
#define WN_LINEDEDUP_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"
#include "pipeline/stage.h"

extern const wn_stage_ops wn_stage_linededup;

/* CCNet's normalize_for_dedup of s[0..n), appended to out. */
wn_status wn_ccnet_normalize(wn_buf *out, const char *s, size_t n);

#endif
