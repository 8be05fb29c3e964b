#!/bin/sh
# Regenerates src/langid/iso639.c from data/langid/iso639.tsv.
set -eu
cd "$(dirname "$0")/.."
{
    echo '/* iso639.c: lid.176 labels -> ISO 639-3, generated from data/langid/iso639.tsv'
    echo ' * by tools/gen-iso639.sh; edit the TSV and rerun. */'
    echo '#include "iso639.h"'
    echo
    echo '#include <string.h>'
    echo
    echo 'static const char *const table[][2] = {'
    grep -v '^#' data/langid/iso639.tsv | awk -F'\t' '{printf "    {\"%s\", \"%s\"},\n", $1, $2}'
    echo '};'
    cat <<'EOT'

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
EOT
} > src/langid/iso639.c
