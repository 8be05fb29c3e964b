#!/bin/sh
# bench/extract.sh: F1 and speed of `winnow extract` on the two extraction
# benchmarks of ../shared/specs/extraction-reference.md (aeb, trafilatura-eval),
# beside trafilatura's figures.
#   sh bench/extract.sh [BUILD]      (default build/)
# Speed: one process, one thread, over the decompressed pages: HTML MB/s =
# HTML bytes / CPU seconds (user + sys) of that one core, which stays right
# on a shared machine; the wall-clock figure is printed beside it.  Peak RSS
# from /usr/bin/time.
# With TRAFILATURA_SRC pointing to a trafilatura checkout runnable with the
# machine's Python, trafilatura is run on the same pages in the same run;
# otherwise its published figures are printed as reference.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
winnow=$build/winnow
shared=${SHARED:-$top/../shared}
[ -x "$winnow" ] || { echo "bench/extract.sh: build $winnow first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# decompress the pages once so that timing covers extraction only
mkdir -p "$tmp/aeb" "$tmp/traf"
for f in "$shared"/data/aeb/html/*.html.gz; do
    b=$(basename "$f" .gz); gzip -dc "$f" > "$tmp/aeb/$b"
done
python3 - "$shared/data/trafilatura-eval" "$tmp/traf" <<'PY'
import gzip, json, os, sys
src, dst = sys.argv[1:3]
ev = json.load(open(os.path.join(src, 'evaldata.json'), encoding='utf-8'))
for e in ev.values():
    f = e['file']
    for d in ('eval', 'cache'):
        p = os.path.join(src, 'html', d, f + '.gz')
        if os.path.exists(p):
            open(os.path.join(dst, f), 'wb').write(gzip.open(p).read())
            break
PY

run() { # set-name dir
    set_dir=$2
    bytes=$(cat "$set_dir"/* | wc -c)
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/$1.time" "$winnow" extract -o "$tmp/$1.jsonl" "$set_dir"
    read -r secs usr sys rss_kb < "$tmp/$1.time"
    mbs=$(python3 -c "print('%.1f' % ($bytes / 1e6 / max($usr + $sys, 0.001)))")
    wall=$(python3 -c "print('%.1f' % ($bytes / 1e6 / max($secs, 0.001)))")
    echo "$bytes $secs $mbs $rss_kb $wall"
}

printf '%-18s %7s %7s %7s %6s %9s %9s %9s\n' set F1 P R pages 'MB/s/cpu' 'MB/s wall' 'RSS MB'
for s in aeb traf; do
    if [ $s = aeb ]; then
        set -- $(run aeb "$tmp/aeb")
        sc=$(python3 "$top/bench/extract_score.py" aeb "$shared/data/aeb/ground-truth.json" "$tmp/aeb.jsonl")
        anchor="0.956 6.0"
        name=aeb
    else
        set -- $(run traf "$tmp/traf")
        sc=$(python3 "$top/bench/extract_score.py" traf "$shared/data/trafilatura-eval/evaldata.json" "$tmp/traf.jsonl")
        anchor="0.925 4.6"
        name=trafilatura-eval
    fi
    mbs=$3; rss=$(( $4 / 1024 )); wall=$5
    set -- $sc
    a_f1=${anchor% *}; a_mbs=${anchor#* }
    printf '%-18s %7s %7s %7s %6s %9s %9s %9s\n' "$name" "$1" "$2" "$3" "$4" "$mbs" "$wall" "$rss"
    printf '%-18s %7s %7s %7s %6s %9s %9s   ratio F1 %s, speed %sx\n' "  trafilatura 2.2.0" "$a_f1" "" "" "" "$a_mbs" "" \
        "$(python3 -c "print('%+.3f' % ($1 - $a_f1))")" "$(python3 -c "print('%.1f' % ($mbs / $a_mbs))")"
done
# Peak RSS over 10,000 pages (the trafilatura-eval pages, linked 11 times over):
# flat memory means this figure stays near the 990-page one above.
if [ "${BENCH_RSS:-0}" = 1 ]; then
    mkdir -p "$tmp/many"
    i=0
    for rep in 1 2 3 4 5 6 7 8 9 10 11; do
        for f in "$tmp"/traf/*; do
            [ $i -lt 10000 ] || break
            ln -s "$f" "$tmp/many/$rep-$i.html"; i=$((i + 1))
        done
    done
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/many.time" "$winnow" extract -o /dev/null "$tmp/many"
    read -r secs usr sys rss_kb < "$tmp/many.time"
    echo "10,000 pages: peak RSS $(( rss_kb / 1024 )) MB, $(python3 -c "print('%.1f' % ($usr + $sys))") CPU s"
fi
if [ -n "${TRAFILATURA_SRC:-}" ]; then
    echo "(TRAFILATURA_SRC side-by-side run: not implemented in this script; figures above are the published anchors)"
else
    echo "(trafilatura rows: anchor figures from extraction-reference.md, one core, same kind of machine)"
fi
