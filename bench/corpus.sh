# Sourced by the bench scripts that use the generated JSONL corpus: moves to
# the repository root, builds winnow if needed, and sets $corpus to a corpus
# of $SIZE_MB (default given by the caller) from ../shared/data text.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SHARED=${SHARED:-$top/../shared}
out=bench/out
mkdir -p "$out"
corpus=$out/corpus-$SIZE_MB.jsonl
[ -f "$corpus" ] || python3 bench/gen_corpus.py "$SHARED" "$corpus" "$SIZE_MB"
[ -x build/winnow ] || make -s all
