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
#
# Side-by-side run (issue 6 anchor), e.g.
#   apt-get install -y python3-lxml python3-dateparser python3-charset-normalizer \
#       python3-babel python3-tld python3-dateutil python3-urllib3 python3-certifi
#   TRAFILATURA_SRC=/path/trafilatura-2.2.0 \
#   TRAFILATURA_DEPS=/path/justext-3.0.2:/path/htmldate-1.10.0:/path/courlan-1.4.0 \
#       sh bench/extract.sh
# Sources (git archive of the tags, never committed here):
#   trafilatura 2.2.0  github adbar/trafilatura     v2.2.0  c1bc9531a2a978326112ca9987e1382745116136
#   jusText 3.0.2      github miso-belica/jusText   v3.0.2  9fb3340ad2087110348de513e4a4b6fd4f3cc839
#   htmldate 1.10.0    github adbar/htmldate        v1.10.0 b8952828329abaeeb3be21387b526f2be614ce67
#   courlan 1.4.0      github adbar/courlan         v1.4.0  e5a70a0cfdb89715b1a6d769639fdc0897eef542
# Everything else from Debian 12 (python3-lxml 4.9.2, python3-charset-normalizer
# 3.0.1, python3-dateparser, python3-dateutil, python3-babel, python3-tld,
# python3-urllib3, python3-certifi); lxml_html_clean is not needed with lxml
# 4.9.2 (lxml.html.clean is still inside lxml).  trafilatura 2.2.0 declares
# lxml >= 6.1.1 but runs unchanged on 4.9.2 (doc/notes/anchors.md).
# TRAFILATURA_DEPS: colon-separated folders put on PYTHONPATH after
# TRAFILATURA_SRC.  ANCHOR_PYTHON: the interpreter (default /usr/bin/python3,
# the one Debian's python3-* packages are installed for, rather than a
# python3 earlier on PATH such as pyenv's).  trafilatura reads its own
# version with importlib.metadata, which a bare checkout lacks: a stub
# trafilatura-VERSION.dist-info is written in the temporary folder for that.
# Its speed is its read + extract loop's CPU time (time.process_time, imports
# excluded), see bench/trafilatura_run.py.  TRAFILATURA_ARGS=--no-comments
# runs it with include_comments=False instead of the defaults (a side
# measurement: that is the setting of trafilatura's own tests/evaluate.py).
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

# trafilatura side by side: its Python environment, checked once
traf_ok=0
if [ -n "${TRAFILATURA_SRC:-}" ]; then
    apy=${ANCHOR_PYTHON:-}
    [ -n "$apy" ] || { if [ -x /usr/bin/python3 ]; then apy=/usr/bin/python3; else apy=python3; fi; }
    tver=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$TRAFILATURA_SRC/trafilatura/__init__.py" 2>/dev/null || true)
    if [ -n "$tver" ]; then
        mkdir -p "$tmp/meta/trafilatura-$tver.dist-info"
        printf 'Metadata-Version: 2.1\nName: trafilatura\nVersion: %s\n' "$tver" \
            > "$tmp/meta/trafilatura-$tver.dist-info/METADATA"
        traf_pp="$TRAFILATURA_SRC${TRAFILATURA_DEPS:+:$TRAFILATURA_DEPS}:$tmp/meta"
        if PYTHONPATH="$traf_pp" "$apy" -c 'import trafilatura' 2>"$tmp/traf.err"; then
            traf_ok=1
        else
            echo "bench/extract.sh: trafilatura from $TRAFILATURA_SRC does not import with $apy:" >&2
            tail -3 "$tmp/traf.err" >&2
        fi
    else
        echo "bench/extract.sh: $TRAFILATURA_SRC/trafilatura/__init__.py has no __version__" >&2
    fi
fi

run_traf() { # set-name dir -> "cpu wall pages failed rss_kb version lxml"
    /usr/bin/time -f '%M' -o "$tmp/$1.ttime" env PYTHONPATH="$traf_pp" "$apy" \
        "$top/bench/trafilatura_run.py" "$2" "$tmp/$1.traf.jsonl" ${TRAFILATURA_ARGS:-} > "$tmp/$1.tres" 2> "$tmp/$1.terr" || {
        echo "bench/extract.sh: trafilatura run failed on $1:" >&2; tail -5 "$tmp/$1.terr" >&2; return 1; }
    read -r tcpu twall tpages tfail tv lv < "$tmp/$1.tres"
    trss=$(tail -1 "$tmp/$1.ttime")
    echo "$tcpu $twall $tpages $tfail $trss $tv $lv"
}

printf '%-18s %7s %7s %7s %6s %9s %9s %9s\n' set F1 P R pages 'MB/s/cpu' 'MB/s wall' 'RSS MB'
for s in aeb traf; do
    if [ $s = aeb ]; then
        set -- $(run aeb "$tmp/aeb")
        sc=$(python3 "$top/bench/extract_score.py" aeb "$shared/data/aeb/ground-truth.json" "$tmp/aeb.jsonl")
        anchor="0.956 6.0"
        name=aeb; gt="$shared/data/aeb/ground-truth.json"; set_dir=$tmp/aeb
    else
        set -- $(run traf "$tmp/traf")
        sc=$(python3 "$top/bench/extract_score.py" traf "$shared/data/trafilatura-eval/evaldata.json" "$tmp/traf.jsonl")
        anchor="0.925 4.6"
        name=trafilatura-eval; gt="$shared/data/trafilatura-eval/evaldata.json"; set_dir=$tmp/traf
    fi
    bytes=$1; mbs=$3; rss=$(( $4 / 1024 )); wall=$5
    set -- $sc
    w_f1=$1
    a_f1=${anchor% *}; a_mbs=${anchor#* }
    printf '%-18s %7s %7s %7s %6s %9s %9s %9s\n' "$name" "$1" "$2" "$3" "$4" "$mbs" "$wall" "$rss"
    if [ $traf_ok = 1 ]; then
        # the anchor on the same decompressed pages, scored by the same script
        tr=$(run_traf $s "$set_dir") || { echo "bench/extract.sh: no trafilatura row for $name" >&2; continue; }
        set -- $tr
        tcpu=$1; twall=$2; tfail=$4; trss=$(( $5 / 1024 )); tv=$6; lv=$7
        a_mbs=$(python3 -c "print('%.1f' % ($bytes / 1e6 / max($tcpu, 0.001)))")
        a_wall=$(python3 -c "print('%.1f' % ($bytes / 1e6 / max($twall, 0.001)))")
        set -- $(python3 "$top/bench/extract_score.py" $s "$gt" "$tmp/$s.traf.jsonl")
        a_f1=$1
        printf '%-18s %7s %7s %7s %6s %9s %9s %9s   ratio F1 %s, speed %sx\n' "  trafilatura $tv" "$1" "$2" "$3" "$4" \
            "$a_mbs" "$a_wall" "$trss" \
            "$(python3 -c "print('%+.3f' % ($w_f1 - $a_f1))")" "$(python3 -c "print('%.1f' % ($mbs / $a_mbs))")"
        [ "$tfail" = 0 ] || echo "  (trafilatura raised on $tfail pages, scored as empty output)"
    else
        printf '%-18s %7s %7s %7s %6s %9s %9s   ratio F1 %s, speed %sx\n' "  trafilatura 2.2.0" "$a_f1" "" "" "" "$a_mbs" "" \
            "$(python3 -c "print('%+.3f' % ($w_f1 - $a_f1))")" "$(python3 -c "print('%.1f' % ($mbs / $a_mbs))")"
    fi
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
if [ $traf_ok = 1 ]; then
    echo "(trafilatura rows: this run, same pages, same scorer; $apy, lxml ${lv:-?}, trafilatura.extract() ${TRAFILATURA_ARGS:-defaults};"
    echo " MB/s/cpu = HTML bytes / CPU s of its read+extract loop; RSS of its whole process)"
elif [ -n "${TRAFILATURA_SRC:-}" ]; then
    echo "(TRAFILATURA_SRC set but trafilatura did not import: figures above are the published anchors)"
else
    echo "(trafilatura rows: anchor figures from extraction-reference.md, one core, same kind of machine)"
fi
