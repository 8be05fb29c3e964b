# winnow dedup: the spill file (--tmp-dir) and --pairs-out.  The spill file
# is unlinked (the directory stays empty); --pairs-out changes no removal;
# every removal is one of the pairs; output and pairs are identical for
# any thread count; the unordered pairs are the same whatever --keep says
# (they do not depend on the order documents are compared in).
. "$TESTDIR/lib.sh"
seed=$(ls "$SHARED"/seed/*.txt | head -1)
n=200; [ -n "$WRAP" ] && n=40
python3 "$TESTDIR/gen_dedup.py" "$n" "$seed" all.jsonl || fail "generator"
W dedup --threads 1 --rejects rej0.jsonl all.jsonl >out0.jsonl || fail "dedup"
mkdir sp
W dedup --threads 1 --tmp-dir sp --pairs-out pairs1.jsonl --stats st.json --rejects rej1.jsonl all.jsonl \
    >out1.jsonl || fail "dedup --pairs-out"
[ -z "$(ls -A sp)" ] || fail "spill file left in --tmp-dir"
cmp out0.jsonl out1.jsonl || fail "--pairs-out changed the output"
cmp rej0.jsonl rej1.jsonl || fail "--pairs-out changed the removals"
W dedup --threads 3 --batch-bytes 8K --tmp-dir sp --pairs-out pairs3.jsonl --rejects rej3.jsonl all.jsonl \
    >out3.jsonl || fail "threads 3"
cmp out1.jsonl out3.jsonl || fail "output differs with --threads 3"
cmp rej1.jsonl rej3.jsonl || fail "rejects differ with --threads 3"
cmp pairs1.jsonl pairs3.jsonl || fail "pairs differ with --threads 3"
W dedup --keep longest --pairs-out pairsL.jsonl all.jsonl >/dev/null || fail "keep longest --pairs-out"
python3 - <<'PY' || fail "pairs"
import json
pairs = [json.loads(l) for l in open("pairs1.jsonl", encoding="utf-8")]
rej = [json.loads(l) for l in open("rej1.jsonl", encoding="utf-8")]
truth = [l.rstrip("\n").split("\t") for l in open("truth.tsv")]
assert rej and pairs
assert all(p["similarity"] >= 0.8 and p["a"] != p["b"] for p in pairs), "pair below the threshold"
by = {}
for p in pairs:
    by[frozenset((p["a"], p["b"]))] = p["similarity"]
assert len(by) == len(pairs), "a pair written twice"
for r in rej:   # every removal is backed by a verified pair
    assert by.get(frozenset((r["id"], r["duplicate_of"]))) == r["similarity"], r["id"]
for cid, sid, j in truth:   # every generated copy is found
    assert abs(by[frozenset((cid, sid))] - float(j)) < 1e-3, (cid, sid)
# copies of one source are pairs among themselves too (removed documents are compared)
assert len(pairs) > len(rej), (len(pairs), len(rej))
st = json.load(open("st.json"))["dedup"]
assert st["verified_pairs"] == len(pairs) and st["table_bytes"] > 0, st
# the spill file holds every document (--pairs-out): at least 8 bytes a shingle
assert st["spill_bytes"] > 8 * 100 * st["documents"], st
other = {frozenset((p["a"], p["b"])): p["similarity"]
         for p in map(json.loads, open("pairsL.jsonl", encoding="utf-8"))}
assert other == by, "unordered pairs depend on --keep"
PY
# errors: a spill directory that does not exist; --pairs-out without verification
W dedup --tmp-dir nonexistent/dir all.jsonl >/dev/null 2>err.txt && fail "missing --tmp-dir accepted"
grep -q "tmp-dir" err.txt || fail "no message for a missing --tmp-dir"
W dedup --preset fineweb --pairs-out p.jsonl all.jsonl >/dev/null 2>err.txt && fail "--pairs-out with fineweb accepted"
grep -q "pairs-out" err.txt || fail "no message for --pairs-out with fineweb"
exit 0
