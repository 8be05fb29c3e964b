#!/bin/sh
# bench/dedup_anchor.sh: datasketch's pair precision / recall and speed beside
# winnow's, on the corpus of bench/dedup.sh (same generator, same N and SEED,
# so the same documents), scored by the same bench/dedup_truth.  bench/dedup.sh
# prints datasketch's MB/s only; this adds its quality (issue 5's Targets
# table: "datasketch 0.80 / 0.80") from the same run.
#   DATASKETCH_SRC=/path/datasketch-1.10.0 sh bench/dedup_anchor.sh [N] [SEED]
# datasketch: github ekzhu/datasketch, tag v1.10.0
# (c7c8df07ad9b90f0f81ddc2ee3ffb5f37e18a2a9), a git archive of the tag, never
# committed here; numpy and scipy from Debian 12 (apt-get install -y
# python3-numpy python3-scipy).  ANCHOR_PYTHON: the interpreter that has them
# (default /usr/bin/python3, not a python3 earlier on PATH such as pyenv's).
# Speed: CPU seconds, one core; winnow dedup --threads 1 on the raw corpus,
# datasketch's read + MinHash + LSH loop on winnow clean's output (it gets
# cleaned text for free).  Both MB/s use the same bytes (corpus.jsonl), so
# their ratio is a ratio of CPU times; datasketch's MB/s over its own text
# bytes (what bench/dedup.sh prints) is shown beside.  bench/dedup.sh's loop
# calls MinHash.update() once per shingle; the same loop with update_batch()
# (same signatures, checked) is timed too, as the faster use of the anchor.
set -eu
N=${1:-5000}
SEED=${2:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SHARED=${SHARED:-$top/../shared}
export SHARED
[ -n "${DATASKETCH_SRC:-}" ] || { echo "bench/dedup_anchor.sh: set DATASKETCH_SRC to a datasketch checkout" >&2; exit 2; }
apy=${ANCHOR_PYTHON:-}
[ -n "$apy" ] || { if [ -x /usr/bin/python3 ]; then apy=/usr/bin/python3; else apy=python3; fi; }
PYTHONPATH="$DATASKETCH_SRC" "$apy" -c 'import datasketch, numpy, scipy' || {
    echo "bench/dedup_anchor.sh: $apy cannot import datasketch (numpy, scipy) from $DATASKETCH_SRC" >&2; exit 2; }
make -s all >&2
W=$top/build/winnow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libs=$(pkg-config --libs libutf8proc zlib libzstd libxxhash jansson libpcre2-8 lmdb)
cc -std=c17 -O2 -D_DEFAULT_SOURCE -Iinclude -Isrc bench/dedup_truth.c build/libwinnow.a $libs -lm -pthread \
    -o "$tmp/truth"
"$apy" bench/dedup_gen.py "$N" "$SEED" "$tmp/corpus.jsonl"
bytes=$(wc -c <"$tmp/corpus.jsonl")
echo "corpus: $N documents, $bytes bytes (seed $SEED)"

/usr/bin/time -f "%U %S %M" -o "$tmp/w.time" "$W" dedup --threads 1 "$tmp/corpus.jsonl" >/dev/null
read -r u s wrss <"$tmp/w.time"
"$W" clean --threads 2 "$tmp/corpus.jsonl" >"$tmp/clean.jsonl"
"$W" dedup --threads 2 --annotate "$tmp/corpus.jsonl" >"$tmp/winnow.jsonl"
dver=$(sed -n 's/^version = "\(.*\)"/\1/p' "$DATASKETCH_SRC/pyproject.toml" | head -1)
/usr/bin/time -f "%M" -o "$tmp/d.time" env PYTHONPATH="$DATASKETCH_SRC" "$apy" bench/datasketch_dedup.py \
    "$tmp/clean.jsonl" "$tmp/datasketch.jsonl" "$tmp/datasketch-estj.jsonl" >"$tmp/d.out"
read -r dcpu ddocs dbytes dcand destj _ <"$tmp/d.out"
drss=$(tail -1 "$tmp/d.time")
PYTHONPATH="$DATASKETCH_SRC" "$apy" bench/datasketch_dedup.py \
    "$tmp/clean.jsonl" "$tmp/batch.jsonl" "$tmp/batch-estj.jsonl" --batch >"$tmp/b.out"
read -r bcpu _ <"$tmp/b.out"
if cmp -s "$tmp/batch.jsonl" "$tmp/datasketch.jsonl" && cmp -s "$tmp/batch-estj.jsonl" "$tmp/datasketch-estj.jsonl"; then
    bsame="same output"
else
    bsame="output DIFFERS from update()"
fi
PYTHONPATH="$DATASKETCH_SRC" "$apy" bench/datasketch_dedup.py \
    "$tmp/clean.jsonl" "$tmp/simplify.jsonl" "$tmp/simplify-estj.jsonl" --simplify >"$tmp/s.out"
read -r scpu _ _ scand sestj _ <"$tmp/s.out"

echo
echo "== speed (one core, CPU time)"
"$apy" - "$bytes" "$u" "$s" "$wrss" "$dcpu" "$ddocs" "$dbytes" "$drss" "$bcpu" "$dver" "$bsame" <<'PY'
import sys
b, u, s, wrss, dcpu, ddocs, dbytes, drss, bcpu = map(float, sys.argv[1:10])
ver, bsame = sys.argv[10:12]
w = b / 1e6 / (u + s)
d = b / 1e6 / dcpu
print(f"winnow dedup (near, verified)    cpu {u + s:6.2f} s  {w:7.1f} MB/s per core  peak RSS {wrss / 1024:6.1f} MiB")
print(f"datasketch {ver} MinHashLSH(0.8,128) cpu {dcpu:6.2f} s  {d:7.1f} MB/s per core (corpus bytes; "
      f"{dbytes / 1e6 / dcpu:.1f} over its {dbytes / 1e6:.1f} MB of text, {ddocs / dcpu:.0f} docs/s)  "
      f"peak RSS {drss / 1024:6.1f} MiB")
print(f"ratio winnow / datasketch: {w / d:.1f}x")
db = b / 1e6 / bcpu
print(f"datasketch, update_batch()           cpu {bcpu:6.2f} s  {db:7.1f} MB/s per core (corpus bytes; "
      f"{dbytes / 1e6 / bcpu:.1f} over its text, {ddocs / bcpu:.0f} docs/s; {bsame})")
print(f"ratio winnow / datasketch update_batch(): {w / db:.1f}x")
PY
echo "datasketch: $dcand LSH candidate pairs, $destj with estimated J >= 0.8"
echo "datasketch --simplify (side row, cpu $scpu s): $scand LSH candidate pairs, $sestj with estimated J >= 0.8"

echo
echo "== quality at J >= 0.8 (cluster pairs; datasketch: union-find over its candidate pairs)"
echo "   datasketch.jsonl: the bench/dedup.sh loop (lower().split() 5-grams), all candidate pairs"
echo "   datasketch-estj.jsonl: same, candidate pairs with estimated J >= 0.8 only"
echo "   simplify*.jsonl: same two with simplify_text-like words (datasketch_dedup.py --simplify)"
(cd "$tmp" && ./truth clean.jsonl winnow.jsonl datasketch.jsonl datasketch-estj.jsonl simplify.jsonl simplify-estj.jsonl)
