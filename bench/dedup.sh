#!/bin/sh
# bench/dedup.sh: deduplication quality and speed on a generated corpus
# (dedup-reference.md): N documents (20,000) of ~3-4 KB from real text in
# ../shared/data, 20% near-duplicates, 10% templated boilerplate.  Prints
#   - pair precision / recall at J >= 0.8 against the exact truth
#     (word-5-gram Jaccard; candidate pairs from prefix filtering, which
#     misses no pair), for winnow's default and for --preset fineweb, by
#     two definitions, both printed: cluster pairs (all pairs inside one
#     output cluster, leader clustering) and verified pairs (every LSH
#     candidate pair that passed exact-Jaccard verification, written by
#     --pairs-out; the definition of dedup-reference.md's "14 x 8 + exact
#     verification" row, also run here with --bands 14 --rows 8);
#   - MB/s per core (input bytes / CPU seconds, --threads 1), winnow clean
#     alone beside winnow dedup (records pass through: no normalize/clean,
#     language identification off; its defaults), winnow dedup --clean on
#     (the cleaning pipeline too) and --langid on, and peak RSS;
#   - incremental: 10 batches against --index vs one run: same removals.
# Anchors (datasketch, datatrove) run only when DATASKETCH_SRC points to a
# checkout and python3 has numpy; otherwise their published figures from
# dedup-reference.md are printed for reference, marked as such.
# The truth is computed on the texts `winnow dedup` sees (the input texts:
# it passes records through); --preset fineweb, which cleans by default,
# is measured with --clean off against the same truth.
# BASE_BIN=path/to/winnow (e.g. a build of main) adds its speed rows (with
# and without language identification), checks that its --preset fineweb
# output is byte-identical to this build's, and compares the verified pairs
# (--pairs-out) of `dedup --clean on` (same texts as BASE_BIN's cleaning
# dedup, so only the sketch differs) with BASE_BIN's: every verified pair
# has J >= threshold, so a pair found by one only is a pair the other's
# sketch missed.
#   sh bench/dedup.sh [N] [SEED]
set -eu
N=${1:-20000}
SEED=${2:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SHARED=${SHARED:-$top/../shared}
export SHARED
make -s all >&2
W=$top/build/winnow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libs=$(pkg-config --libs libutf8proc zlib libzstd libxxhash jansson libpcre2-8 lmdb)
cc -std=c17 -O2 -D_DEFAULT_SOURCE -Iinclude -Isrc bench/dedup_truth.c build/libwinnow.a $libs -lm -pthread \
    -o "$tmp/truth"
python3 bench/dedup_gen.py "$N" "$SEED" "$tmp/corpus.jsonl"
bytes=$(wc -c <"$tmp/corpus.jsonl")
echo "corpus: $N documents, $bytes bytes (seed $SEED)"

# cpu seconds and peak RSS of one command: /usr/bin/time -f "%U %S %M"
measure() { # label cmd...
    label=$1; shift
    /usr/bin/time -f "%U %S %M %e" -o "$tmp/time" "$@" >/dev/null
    read -r u s m e <"$tmp/time"
    python3 - "$label" "$u" "$s" "$m" "$e" "$bytes" "$N" <<'PY'
import sys
label, u, s, m, e, b, n = sys.argv[1], *map(float, sys.argv[2:])
cpu = u + s
print(f"{label:<34} cpu {cpu:6.2f} s  wall {e:6.2f} s  {b / 1e6 / cpu:7.1f} MB/s per core  "
      f"peak RSS {m / 1024:6.1f} MiB ({m * 1024 / n:6.0f} B/doc)")
PY
}
echo
echo "== speed (--threads 1, CPU time; the machine is shared: rerun if disturbed)"
measure "winnow clean (no dedup)" "$W" clean --threads 1 "$tmp/corpus.jsonl"
measure "winnow dedup (near, verified)" "$W" dedup --threads 1 "$tmp/corpus.jsonl"
measure "winnow dedup --clean on" "$W" dedup --threads 1 --clean on "$tmp/corpus.jsonl"
measure "winnow dedup --langid on" "$W" dedup --threads 1 --langid on "$tmp/corpus.jsonl"
measure "winnow dedup --dedup exact" "$W" dedup --threads 1 --dedup exact "$tmp/corpus.jsonl"
measure "winnow dedup --preset fineweb" "$W" dedup --threads 1 --preset fineweb "$tmp/corpus.jsonl"
measure "winnow dedup --preset fineweb --clean off" "$W" dedup --threads 1 --preset fineweb --clean off "$tmp/corpus.jsonl"
measure "winnow dedup --keep longest (2 pass)" "$W" dedup --threads 1 --keep longest "$tmp/corpus.jsonl"
if [ -n "${BASE_BIN:-}" ]; then
    measure "BASE_BIN dedup --langid off" "$BASE_BIN" dedup --threads 1 --langid off "$tmp/corpus.jsonl"
    measure "BASE_BIN dedup --langid on" "$BASE_BIN" dedup --threads 1 --langid on "$tmp/corpus.jsonl"
    measure "BASE_BIN dedup --preset fineweb" "$BASE_BIN" dedup --threads 1 --preset fineweb "$tmp/corpus.jsonl"
fi

echo
echo "== quality at J >= 0.8 (truth: the texts winnow dedup sees, i.e. the input texts)"
"$W" dedup --threads 2 --dedup none "$tmp/corpus.jsonl" >"$tmp/texts.jsonl"
"$W" dedup --threads 2 --annotate --stats "$tmp/st.json" --pairs-out "$tmp/pairs-20x7.jsonl" \
    "$tmp/corpus.jsonl" >"$tmp/winnow.jsonl"
"$W" dedup --threads 2 --bands 14 --rows 8 --pairs-out "$tmp/pairs-14x8.jsonl" "$tmp/corpus.jsonl" >/dev/null
"$W" dedup --threads 2 --annotate --preset fineweb --clean off "$tmp/corpus.jsonl" >"$tmp/fineweb.jsonl"
echo "cluster pairs (leader clustering; fineweb --clean off: union-find) and verified pairs (--pairs-out):"
(cd "$tmp" && ./truth texts.jsonl winnow.jsonl fineweb.jsonl --pairs pairs-20x7.jsonl --pairs pairs-14x8.jsonl)
python3 -c "
import json; s = json.load(open('$tmp/st.json'))['dedup']
print('winnow: candidates %d, verified %d, rejected by verification (banding false positives) %d' % (s['candidates'], s['verified'], s['rejected_by_verification']))"

echo
echo "== incremental: 10 batches against an index vs one run"
"$W" dedup --threads 2 --rejects "$tmp/one.rej" --pairs-out "$tmp/one.pairs" "$tmp/corpus.jsonl" >"$tmp/one.out"
split -n l/10 "$tmp/corpus.jsonl" "$tmp/batch_"
: >"$tmp/inc.rej"; : >"$tmp/inc.out"
for b in "$tmp"/batch_*; do
    "$W" dedup --threads 2 --index "$tmp/idx" --rejects "$tmp/r" "$b" >>"$tmp/inc.out"
    cat "$tmp/r" >>"$tmp/inc.rej"
done
"$W" index verify "$tmp/idx" >/dev/null
python3 - "$tmp/one.rej" "$tmp/inc.rej" "$tmp/one.out" "$tmp/inc.out" <<'PY'
import json, sys
def rem(p): return sorted((r["id"], r["duplicate_of"], r["similarity"]) for r in map(json.loads, open(p, encoding="utf-8")))
a, b = rem(sys.argv[1]), rem(sys.argv[2])
same_out = open(sys.argv[3], "rb").read() == open(sys.argv[4], "rb").read()
print(f"one run removes {len(a)}, 10 batches remove {len(b)}: {'IDENTICAL' if a == b else 'DIFFERENT'} removals "
      f"(duplicate_of and similarity included); kept output {'identical' if same_out else 'DIFFERENT'}")
PY
"$W" index stats "$tmp/idx"
if [ -n "${BASE_BIN:-}" ]; then
    "$W" dedup --threads 2 --preset fineweb --rejects "$tmp/fw.rej" "$tmp/corpus.jsonl" >"$tmp/fw.out"
    "$BASE_BIN" dedup --threads 2 --preset fineweb --rejects "$tmp/fwb.rej" "$tmp/corpus.jsonl" >"$tmp/fwb.out"
    if cmp -s "$tmp/fw.out" "$tmp/fwb.out" && cmp -s "$tmp/fw.rej" "$tmp/fwb.rej"; then
        echo "BASE_BIN --preset fineweb: kept output and rejects byte-identical"
    else
        echo "BASE_BIN --preset fineweb: output or rejects DIFFER"
    fi
    # the same cleaned texts on both sides: only the sketch differs
    "$W" dedup --threads 2 --clean on --rejects "$tmp/c.rej" --pairs-out "$tmp/c.pairs" "$tmp/corpus.jsonl" >/dev/null
    "$BASE_BIN" dedup --threads 2 --langid off --rejects "$tmp/base.rej" --pairs-out "$tmp/base.pairs" \
        "$tmp/corpus.jsonl" >/dev/null
    python3 - "$tmp/c.rej" "$tmp/base.rej" "$tmp/c.pairs" "$tmp/base.pairs" <<'PY'
import json, sys
def ids(p): return {json.loads(l)["id"] for l in open(p, encoding="utf-8")}
def pairs(p): return {frozenset((r["a"], r["b"])) for r in map(json.loads, open(p, encoding="utf-8"))}
a, b = ids(sys.argv[1]), ids(sys.argv[2])
pa, pb = pairs(sys.argv[3]), pairs(sys.argv[4])
print(f"--clean on vs BASE_BIN (same texts, new sketch vs old): removed {len(a)} vs {len(b)} "
      f"({len(a - b)} only here, {len(b - a)} only in BASE_BIN); verified pairs (all J >= threshold) "
      f"{len(pa)} vs {len(pb)}: {len(pa - pb)} found only by this sketch, {len(pb - pa)} only by BASE_BIN's")
PY
fi

echo
echo "== anchors"
if [ -n "${DATASKETCH_SRC:-}" ] && python3 -c "import numpy, scipy" 2>/dev/null; then
    echo "DATASKETCH_SRC set: run datasketch MinHashLSH(0.8, 128) on the same corpus"
    PYTHONPATH="$DATASKETCH_SRC" python3 - "$tmp/texts.jsonl" <<'PY'
import json, re, sys, time
from datasketch import MinHash, MinHashLSH
t0 = time.process_time()
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
lsh = MinHashLSH(threshold=0.8, num_perm=128)
nbytes = 0
for d in docs:
    w = d["text"].lower().split(); nbytes += len(d["text"].encode())
    m = MinHash(num_perm=128)
    for i in range(max(1, len(w) - 4)):
        m.update(" ".join(w[i:i + 5]).encode())
    lsh.query(m); lsh.insert(d["id"], m)
cpu = time.process_time() - t0
print(f"datasketch: {nbytes / 1e6 / cpu:.1f} MB/s per core")
PY
else
    echo "not run here (set DATASKETCH_SRC to a datasketch checkout; needs python3 numpy + scipy)."
    echo "published in dedup-reference.md (NOT this run): datasketch 2.7 MB/s, P/R 0.80/0.80;"
    echo "datatrove 2.2-3.5 MB/s, P/R 0.58/0.95."
fi
