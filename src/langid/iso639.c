/* iso639.c: lid.176 labels -> ISO 639-3 (the table is generated, see
 * iso639_table.h), and the codes of other models' labels. */
#include "iso639.h"

#include <string.h>

#include "iso639_table.h"

const char *wn_iso639_3(const char *label, char buf[8])
{
    if (!strncmp(label, "__label__", 9))
        label += 9;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i][0], label))
            return table[i][1];
    /* other models: "eng_Latn" (GlotLID, OpenLID) or a 3-letter code */
    size_t n = strcspn(label, "_-");
    if (n == 3) {
        memcpy(buf, label, 3);
        buf[3] = 0;
        return buf;
    }
    return "und";
}
