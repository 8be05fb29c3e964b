#!/bin/sh
# bench/dedup_mem.sh: peak memory of near-duplicate removal at scale (issue 5).
#   sh bench/dedup_mem.sh [N] [SEED]      (default N=1000000)
# Generates N short records (bench/dedup_mem_gen.py: 60 words each, 15%
# near copies), then runs `winnow dedup --langid off --threads 1` with
#   --dedup none   (the same pipeline without deduplication: the input
#                   buffers, parser, writer: the baseline)
#   --dedup exact
#   --dedup near   (the default: MinHash-LSH 20 x 7, verified)
# and prints peak RSS (/usr/bin/time %M), RSS per document, and RSS beyond
# the baseline per document (the issue's target: <= 200 B/doc at 1M).
# BASE_BIN=path/to/other/winnow adds the same near run of another build
# beside it (e.g. main's) and compares the removals: byte for byte, else
# (a build whose `winnow dedup` cleans the text, or another sketch) against
# this build's --clean on run, counting the records only one removes.
# The spill file goes to $TMPDIR (about 1 KB a kept document here).
set -eu
N=${1:-1000000}
SEED=${2:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s all >&2
W=$top/build/winnow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/dedup_mem_gen.py "$N" "$SEED" "$tmp/in.jsonl"
bytes=$(wc -c <"$tmp/in.jsonl")
echo "corpus: $N records, $bytes bytes (seed $SEED)"
base_kb=
run() { # label bin mode [extra option]
    label=$1 bin=$2 mode=$3
    shift 3
    /usr/bin/time -f "%U %S %M %e" -o "$tmp/time" "$bin" dedup --dedup "$mode" --langid off --threads 1 -q "$@" \
        --stats "$tmp/st.json" --rejects "$tmp/rej.$label" "$tmp/in.jsonl" >/dev/null
    read -r u s m e <"$tmp/time"
    [ -z "$base_kb" ] && base_kb=$m
    python3 - "$label" "$u" "$s" "$m" "$e" "$N" "$base_kb" "$tmp/st.json" "$tmp/rej.$label" <<'PY'
import json, sys
label, u, s, m, e, n, base = sys.argv[1], *map(float, sys.argv[2:8])
d = json.load(open(sys.argv[8])).get("dedup", {})
removed = sum(1 for _ in open(sys.argv[9], encoding="utf-8"))
extra = (f"  tables {d['table_bytes'] / n:5.1f} B/doc, spill file {d['spill_bytes'] / 1e6:.0f} MB"
         if "table_bytes" in d else "")
print(f"{label:<22} cpu {u + s:7.2f} s  wall {e:7.2f} s  peak RSS {m / 1024:8.1f} MiB  "
      f"{m * 1024 / n:6.0f} B/doc  beyond --dedup none {(m - base) * 1024 / n:6.0f} B/doc  "
      f"removed {removed}{extra}")
PY
}
run "dedup none" "$W" none
run "dedup exact" "$W" exact
run "dedup near" "$W" near
if [ -n "${BASE_BIN:-}" ]; then
    run "near, BASE_BIN" "$BASE_BIN" near
    if cmp -s "$tmp/rej.dedup near" "$tmp/rej.near, BASE_BIN"; then
        echo "removals: identical to BASE_BIN's (rejects byte for byte)"
    else
        run "near --clean on" "$W" near --clean on
        python3 - "$tmp/rej.dedup near" "$tmp/rej.near --clean on" "$tmp/rej.near, BASE_BIN" <<'PY'
import json, sys
def ids(p): return {json.loads(l)["id"] for l in open(p, encoding="utf-8")}
a, c, b = ids(sys.argv[1]), ids(sys.argv[2]), ids(sys.argv[3])
print(f"removals differ from BASE_BIN's: default {len(a)} ({len(a - b)} only here, {len(b - a)} only in BASE_BIN); "
      f"--clean on (BASE_BIN's texts) {len(c)} ({len(c - b)} only here, {len(b - c)} only in BASE_BIN); BASE_BIN {len(b)}")
PY
    fi
fi
