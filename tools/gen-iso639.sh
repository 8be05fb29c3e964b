#!/bin/sh
# Regenerates src/langid/iso639_table.h (the table iso639.c looks labels up
# in) from data/langid/iso639.tsv.
set -eu
cd "$(dirname "$0")/.."
{
    echo '/* iso639_table.h: lid.176 labels -> ISO 639-3, generated from'
    echo ' * data/langid/iso639.tsv by tools/gen-iso639.sh; edit the TSV and rerun. */'
    echo 'static const char *const table[][2] = {'
    grep -v '^#' data/langid/iso639.tsv | awk -F'\t' '{printf "    {\"%s\", \"%s\"},\n", $1, $2}'
    echo '};'
} > src/langid/iso639_table.h
