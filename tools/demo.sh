#!/bin/sh
# make demo: the whole pipeline on the bundled sample corpus.
set -eu
build=${1:-build}
out=$build/demo
mkdir -p "$out"
echo "== winnow clean --dedup near examples/sample -> $out/clean.jsonl (rejects, stats beside it)"
"$build/winnow" clean --explain --dedup near --rejects "$out/rejects.jsonl" --stats "$out/stats.json" \
    -o "$out/clean.jsonl" examples/sample
echo
echo "== the seed record, cleaned (first 600 bytes):"
grep '"id":"000_bf4be9d8b912a7c1"' "$out/clean.jsonl" | head -c 600; echo " ..."
echo
echo "== what was removed, by reason:"
if command -v python3 >/dev/null; then
python3 - "$out/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
r = s["records"]
print(f"records: {r['in']} in, {r['out']} out, {r['rejected']} rejected {s['rejected']}")
for reason, n in sorted(s["lines"]["removed"].items(), key=lambda x: -x[1]):
    print(f"  {n:5d} lines  {reason}")
PY
else
    cat "$out/stats.json"
fi
echo
echo "== rejected records and why:"
sed 's/"raw":.*//; s/"record":.*//' "$out/rejects.jsonl" | cut -c1-200
echo
echo "== the HTML page, extracted and cleaned:"
grep '"id":"page"' "$out/clean.jsonl" | head -c 700; echo " ..."
