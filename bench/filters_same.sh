#!/bin/sh
# Decisions unchanged: compares build/winnow with BASE_BIN (an older build,
# e.g. of main) on the bench corpus, the aeb ground-truth bodies and the
# seed: kept JSONL (with --explain) and rejects, byte for byte, for every
# preset, plain and --annotate, and with the bad-words rule switched on.
#   BASE_BIN=/tmp/base/bin/winnow SIZE_MB=5 sh bench/filters_same.sh
# (BASE_BIN must find its data directory: WINNOW_DATA or ../data beside it.)
set -eu
SIZE_MB=${SIZE_MB:-5}
. "$(dirname "$0")/corpus.sh"
: "${BASE_BIN:?set BASE_BIN to the baseline winnow binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'c4_badwords = on\n' >"$tmp/bad.conf"
fail=0 runs=0
for input in "$corpus" "$aeb" "$SHARED/seed/000_bf4be9d8b912a7c1.txt"; do
    for args in "--preset news" "--preset fineweb" "--preset fineweb2" \
                "--preset news --annotate" "--preset fineweb --annotate" "--preset fineweb2 --annotate" \
                "--preset fineweb --config $tmp/bad.conf" "--preset fineweb --config $tmp/bad.conf --annotate" \
                "--preset news --justext full"; do
        for side in new base; do
            bin=build/winnow
            [ $side = base ] && bin=$BASE_BIN
            # shellcheck disable=SC2086
            "$bin" clean -q --threads 1 --dedup none --explain $args --rejects "$tmp/$side.rej" \
                "$input" >"$tmp/$side.out"
        done
        runs=$((runs + 1))
        if cmp -s "$tmp/new.out" "$tmp/base.out" && cmp -s "$tmp/new.rej" "$tmp/base.rej"; then
            echo "same   $(basename "$input") $args ($(wc -l <"$tmp/new.out") kept, $(wc -l <"$tmp/new.rej") rejected)"
        else
            echo "DIFFER $(basename "$input") $args"
            fail=$((fail + 1))
        fi
    done
done
echo "$((runs - fail)) of $runs runs identical"
[ $fail -eq 0 ]
