# Sourced by the bench scripts that use the generated JSONL corpus: moves to
# the repository root, builds winnow if needed, and sets $corpus to a corpus
# of $SIZE_MB (default given by the caller) from ../shared/data text, and
# $aeb to the aeb ground-truth article bodies as JSONL records.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SHARED=${SHARED:-$top/../shared}
out=bench/out
mkdir -p "$out"
corpus=$out/corpus-$SIZE_MB.jsonl
[ -f "$corpus" ] || python3 bench/gen_corpus.py "$SHARED" "$corpus" "$SIZE_MB"
[ -x build/winnow ] || make -s all
aeb=$out/aeb-bodies.jsonl
[ -f "$aeb" ] || python3 - "$SHARED" "$aeb" <<'PY'
import json, sys
gt = json.load(open(sys.argv[1] + "/data/aeb/ground-truth.json", encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for k, v in gt.items():
        t = (v.get("articleBody") or "").strip()
        if t:
            f.write(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n")
PY
