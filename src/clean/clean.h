/* clean.h: the in-document cleaning stage ("clean").
 *
 * Order: boilerplate lines (timestamps -> meta.published/updated, credits
 * -> meta.credits, calls to action, related-article headers: data-file
 * patterns), a line repeating the title, repeated paragraphs (repeats.h),
 * then the context pass (context.h).  A document left without lines is
 * rejected as "empty". */
#ifndef WN_CLEAN_H
#define WN_CLEAN_H

struct wn_stage_ops;
extern const struct wn_stage_ops wn_stage_clean;

#endif
