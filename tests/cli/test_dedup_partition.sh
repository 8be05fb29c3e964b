# Partitioned deduplication: `winnow dedup --partition p/P --pairs-out`
# for p = 0..P-1, `winnow dedup-merge`, then `winnow dedup --dedup-plan`
# give byte for byte the kept output and rejects of one `winnow dedup` run,
# for P = 1, 2, 3 (and 5 with --max-cluster 2, and exact mode); the union
# of the partitions' pair files is the pair set of one --pairs-out run; bad
# --partition values and combinations fail.
. "$TESTDIR/lib.sh"
seed=$(ls "$SHARED"/seed/*.txt | head -1)
n=240; [ -n "$WRAP" ] && n=40
python3 "$TESTDIR/gen_dedup.py" "$n" "$seed" all.jsonl || fail "generator"
check() { # P label dedup-options...
    P=$1 label=$2; shift 2
    W dedup -q --threads 2 "$@" --rejects one.rej all.jsonl >one.out || fail "$label: one run"
    [ -s one.rej ] || fail "$label: the corpus has no duplicates"
    files= p=0
    while [ "$p" -lt "$P" ]; do
        W dedup -q --threads 2 "$@" --partition "$p/$P" --pairs-out "pairs.$p" all.jsonl >part.out \
            || fail "$label: partition $p/$P"
        [ "$(count_lines part.out)" -eq "$(count_lines all.jsonl)" ] || fail "$label: a partition removed records"
        files="$files pairs.$p"
        p=$((p + 1))
    done
    mc=
    case "$*" in *max-cluster*) mc="--max-cluster 2" ;; esac
    # shellcheck disable=SC2086
    W dedup-merge $mc -o plan.jsonl $files 2>/dev/null || fail "$label: merge"
    W dedup -q --threads 2 "$@" --dedup-plan plan.jsonl --rejects merged.rej all.jsonl >merged.out \
        || fail "$label: apply the plan"
    cmp one.out merged.out || fail "$label: kept output differs from one run (P=$P)"
    cmp one.rej merged.rej || fail "$label: rejects differ from one run (P=$P)"
}
check 1 near
check 2 near
check 5 "max-cluster" --max-cluster 2
check 3 exact --dedup exact
check 3 near
# the union of the partitions' pairs is the one-process pair set
W dedup -q --threads 2 --pairs-out one.pairs all.jsonl >/dev/null || fail "one run --pairs-out"
python3 - <<'PY' || fail "partition pair files"
import json
def pairs(f): return [json.loads(l) for l in open(f, encoding="utf-8")]
one = {(p["a"], p["b"]): p["similarity"] for p in pairs("one.pairs")}
parts = [pairs(f"pairs.{i}") for i in range(3)]
union = {(p["a"], p["b"]): p["similarity"] for ps in parts for p in ps}
assert one and union == one, "partition pairs differ from the one-process pairs"
for ps in parts:
    for p in ps:
        assert p["seq_a"] < p["seq_b"] and p["j"] >= 0.8 and abs(p["similarity"] - p["j"]) < 6e-5
PY
W dedup --partition 3/3 --pairs-out x all.jsonl >/dev/null 2>&1 && fail "--partition 3/3 accepted"
W dedup --partition 0/0 --pairs-out x all.jsonl >/dev/null 2>&1 && fail "--partition 0/0 accepted"
W dedup --partition 1/2x --pairs-out x all.jsonl >/dev/null 2>&1 && fail "--partition 1/2x accepted"
W dedup --partition 0/2 all.jsonl >/dev/null 2>&1 && fail "--partition without --pairs-out accepted"
W dedup --partition 0/2 --pairs-out x --index idx all.jsonl >/dev/null 2>&1 && fail "--partition with --index accepted"
W dedup-merge -o plan.jsonl one.rej >/dev/null 2>&1 && fail "dedup-merge accepted a rejects file"
W dedup-merge -o plan.jsonl nonexistent >/dev/null 2>&1; [ $? -eq 3 ] || fail "missing pair file: not exit 3"
exit 0
