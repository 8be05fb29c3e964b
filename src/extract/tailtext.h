/* tailtext.h: lines that close an article rather than belong to it: picture
 * credits, "Quelle: …", post metadata ("This entry was posted in …"), calls
 * to subscribe or follow, and labels of contact, source and author boxes.
 * The phrases (en/de/es/fr/it/pt/pl) are compiled in (tailtext.c). */
#ifndef WN_EXTRACT_TAILTEXT_H
#define WN_EXTRACT_TAILTEXT_H

#include <stddef.h>

enum { WN_TAIL_NONE = 0, WN_TAIL_LINE = 1, WN_TAIL_LABEL = 2 };

/* The kind of one output line (valid UTF-8, no newline): WN_TAIL_LINE for a
 * boilerplate line of up to 300 bytes, WN_TAIL_LABEL for a label of up to 60
 * bytes ("Kontakt:", "Über den Autor"), else WN_TAIL_NONE.  Thread-safe. */
int wn_x_tail_kind(const char *s, size_t n);

#endif
