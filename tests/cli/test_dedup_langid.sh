# winnow dedup runs no language identification unless asked (--langid on):
# the default output has no lang fields, --langid on adds them, and the
# removals (ids, duplicate_of, similarity) are the same either way, since
# the dedup keys are made from the text alone.  An explicit --langid off
# gives the default's bytes.
. "$TESTDIR/lib.sh"
seed=$(ls "$SHARED"/seed/*.txt | head -1)
n=120; [ -n "$WRAP" ] && n=30
python3 "$TESTDIR/gen_dedup.py" "$n" "$seed" all.jsonl || fail "generator"
W dedup --threads 1 --rejects rej0.jsonl all.jsonl >out0.jsonl || fail "dedup"
W dedup --threads 1 --langid off --rejects rej1.jsonl all.jsonl >out1.jsonl || fail "dedup --langid off"
cmp out0.jsonl out1.jsonl || fail "default differs from --langid off"
cmp rej0.jsonl rej1.jsonl || fail "default rejects differ from --langid off"
W dedup --threads 1 --langid on --data-dir "$TOP/data" --rejects rej2.jsonl all.jsonl >out2.jsonl \
    || fail "dedup --langid on"
python3 - <<'PY' || fail "langid fields or removals"
import json
def load(p): return [json.loads(l) for l in open(p, encoding="utf-8")]
o0, o2 = load("out0.jsonl"), load("out2.jsonl")
assert o0 and len(o0) == len(o2)
assert not any("lang" in r for r in o0), "lang field without --langid on"
assert all("lang" in r and "lang_score" in r for r in o2), "no lang field with --langid on"
assert [r["id"] for r in o0] == [r["id"] for r in o2]
key = lambda r: (r["id"], r["duplicate_of"], r["similarity"])
r0, r2 = load("rej0.jsonl"), load("rej2.jsonl")
assert r0 and sorted(map(key, r0)) == sorted(map(key, r2)), "removals depend on --langid"
PY
