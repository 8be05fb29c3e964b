# winnow dedup: exact and near duplicates removed with duplicate_of and
# similarity; keep policies; annotate; determinism across threads; the
# index gives the same removals in batches as in one run; bad input.
. "$TESTDIR/lib.sh"
seed=$(ls "$SHARED"/seed/*.txt | head -1)
n=240; [ -n "$WRAP" ] && n=40
python3 "$TESTDIR/gen_dedup.py" "$n" "$seed" all.jsonl || fail "generator"
W dedup --threads 1 --rejects rej.jsonl --stats st.json all.jsonl >out.jsonl || fail "dedup"
python3 - <<'PY' || fail "removals"
import json
out = [json.loads(l) for l in open("out.jsonl", encoding="utf-8")]
rej = {r["id"]: r for r in map(json.loads, open("rej.jsonl", encoding="utf-8"))}
truth = [l.rstrip("\n").split("\t") for l in open("truth.tsv")]
assert truth, "no duplicates generated"
for cid, sid, j in truth:
    j = float(j)
    assert cid in rej, f"{cid} (J={j}) not removed"
    r = rej[cid]
    assert r["reason"] == "duplicate" and r["duplicate_of"] == sid, r
    assert abs(r["similarity"] - j) < 1e-3 or (j == 1.0 and r["similarity"] == 1.0), (r["similarity"], j)
kept = {r["id"] for r in out}
assert all(i.startswith("s") for i in kept), "a copy was kept"
assert len(kept) + len(rej) == sum(1 for _ in open("all.jsonl")), "records lost"
assert len(rej) == len(truth), (len(rej), len(truth))
st = json.load(open("st.json"))["dedup"]
assert st["duplicates"] == len(truth), st
PY
# the same output for any thread count
W dedup --threads 3 --batch-bytes 8K --rejects rej3.jsonl all.jsonl >out3.jsonl || fail "threads 3"
cmp out.jsonl out3.jsonl || fail "output differs with --threads 3"
cmp rej.jsonl rej3.jsonl || fail "rejects differ with --threads 3"
# --keep earliest: near copies are dated a month before their source
W dedup --keep earliest --rejects rejE.jsonl all.jsonl >outE.jsonl || fail "keep earliest"
python3 - <<'PY' || fail "keep earliest"
import json
rej = {r["id"]: r for r in map(json.loads, open("rejE.jsonl", encoding="utf-8"))}
kept = {json.loads(l)["id"] for l in open("outE.jsonl", encoding="utf-8")}
for cid, sid, j in (l.rstrip("\n").split("\t") for l in open("truth.tsv")):
    if cid.startswith("n"):
        assert cid in kept and rej[sid]["duplicate_of"] == cid, cid
    else:   # exact copies have no date: unknown dates lose
        assert cid in rej and rej[cid]["duplicate_of"] in kept, cid
PY
# --keep via stdin (spooled) gives the same as from the file
W dedup --keep earliest - <all.jsonl >outE2.jsonl || fail "keep earliest stdin"
cmp outE.jsonl outE2.jsonl || fail "stdin two-pass differs"
# annotate keeps everything and marks the same documents
W dedup --annotate all.jsonl >ann.jsonl || fail "annotate"
[ "$(count_lines ann.jsonl)" = "$(count_lines all.jsonl)" ] || fail "annotate dropped records"
python3 - <<'PY' || fail "annotate marks"
import json
dup = {r["id"]: r["meta"]["dedup"] for r in map(json.loads, open("ann.jsonl", encoding="utf-8")) if r["meta"]["dedup"]["duplicate"]}
rej = {r["id"]: r for r in map(json.loads, open("rej.jsonl", encoding="utf-8"))}
assert set(dup) == set(rej) and all(dup[i]["cluster"] == rej[i]["duplicate_of"] for i in dup)
PY
# exact mode removes only the exact copies
W dedup --dedup exact --rejects rejX.jsonl all.jsonl >/dev/null || fail "exact"
[ "$(count_lines rejX.jsonl)" = "$(grep -c '^x' truth.tsv)" ] || fail "exact mode count"
# --preset fineweb (two passes, union-find, no verification) removes the exact copies
W dedup --preset fineweb --dedup-hash sha1 --rejects rejF.jsonl all.jsonl >/dev/null || fail "fineweb"
python3 - <<'PY' || fail "fineweb removals"
import json
rej = {r["id"] for r in map(json.loads, open("rejF.jsonl", encoding="utf-8"))}
xs = {l.split("\t")[0] for l in open("truth.tsv") if l.startswith("x")}
assert xs <= rej, xs - rej
PY
# clean leaves dedup off by default
W clean all.jsonl >clean.jsonl || fail "clean"
[ "$(count_lines clean.jsonl)" = "$(count_lines all.jsonl)" ] || fail "clean deduplicated by default"
# incremental: batches against an index remove the same documents
split -l $(( $(count_lines all.jsonl) / 4 + 1 )) all.jsonl part_
for p in part_*; do
    W dedup --index idx --rejects "rej_$p" "$p" >"out_$p" || fail "batch $p"
done
cat out_part_* | cmp - out.jsonl || fail "batched output differs from one run"
cat rej_part_* | python3 -c "
import json,sys
a = sorted((r['id'], r['duplicate_of'], r['similarity']) for r in map(json.loads, sys.stdin))
b = sorted((r['id'], r['duplicate_of'], r['similarity']) for r in map(json.loads, open('rej.jsonl', encoding='utf-8')))
assert a == b, 'batched removals differ'" || fail "batched removals"
W index verify idx >/dev/null || fail "index verify"
W index stats idx >stats.json || fail "index stats"
python3 -c "
import json; s = json.load(open('stats.json'))
assert s['documents'] == $(count_lines out.jsonl), s" || fail "index documents"
# exact mode against an index, in batches, removes what one exact run removes
for p in part_*; do
    W dedup --dedup exact --index idxX --rejects "rejX_$p" "$p" >/dev/null || fail "exact batch $p"
done
[ "$(cat rejX_part_* | wc -l | tr -d ' ')" = "$(count_lines rejX.jsonl)" ] || fail "exact batches differ"
W index verify idxX >/dev/null || fail "exact index verify"
# a second pass over the same data removes everything
W dedup --index idx all.jsonl >again.jsonl || fail "again"
[ "$(count_lines again.jsonl)" = 0 ] || fail "index did not remember"
# other parameters against the index are refused
W dedup --index idx --bands 9 all.jsonl >/dev/null 2>err.txt && fail "params mismatch accepted"
grep -q "built with" err.txt || fail "params mismatch message"
# bad input: empty text, one-word documents, a huge document, bad options
python3 - <<'PY'
import json
with open("bad.jsonl", "w") as f:
    for r in [{"id": "e1", "text": ""}, {"id": "w1", "text": "hello"}, {"id": "w2", "text": "Hello!"},
              {"id": "w3", "text": "other"}, {"id": "h1", "text": " ".join("w%d" % i for i in range(200000))},
              {"id": "h2", "text": " ".join("w%d" % i for i in range(200000))}]:
        f.write(json.dumps(r) + "\n")
PY
W dedup --rejects badrej.jsonl bad.jsonl >bad.out || fail "bad input"
python3 - <<'PY' || fail "bad input decisions"
import json
rej = {r["id"]: r for r in map(json.loads, open("badrej.jsonl"))}
assert rej["w2"]["duplicate_of"] == "w1" and rej["h2"]["duplicate_of"] == "h1", rej.keys()
assert "w3" not in rej and "h1" not in rej
PY
# --paragraphs: paragraphs seen in an earlier kept document are removed
python3 - <<'PY'
import json
p = ["alpha bravo charlie delta echo foxtrot", "golf hotel india juliet kilo lima",
     "mike november oscar papa quebec romeo", "sierra tango uniform victor whiskey xray",
     "Short one.", "yankee zulu alpha2 bravo2 charlie2 delta2"]
docs = [("A", [p[0], p[1], p[4]]), ("B", [p[3], "GOLF, hotel India juliet kilo LIMA!", p[4]]),
        ("C", [p[1], p[0]]), ("D", [p[5], p[2]])]
with open("para.jsonl", "w") as f:
    for i, ps in docs:
        f.write(json.dumps({"id": i, "text": "\n".join(ps)}) + "\n")
PY
W dedup --paragraphs --explain --stats pst.json --rejects prej.jsonl para.jsonl >pout.jsonl || fail "paragraphs"
python3 - <<'PY' || fail "paragraphs decisions"
import json
out = {r["id"]: r for r in map(json.loads, open("pout.jsonl"))}
rej = {r["id"]: r for r in map(json.loads, open("prej.jsonl"))}
assert set(out) == {"A", "B", "D"} and set(rej) == {"C"}, (out.keys(), rej.keys())
assert rej["C"]["reason"] == "duplicate", rej["C"]
assert "golf" not in out["B"]["text"].lower() and "sierra" in out["B"]["text"], out["B"]["text"]
assert "Short one." in out["B"]["text"], "short paragraphs are not deduplicated"
assert out["D"]["text"].count("\n") == 1 and "golf" in out["A"]["text"]
st = json.load(open("pst.json"))["dedup"]
assert st["duplicate_paragraphs"] == 3 and st["documents_emptied_by_paragraphs"] == 1, st
PY
# Two passes over stdin (it is spooled to a temporary file): the records
# still come from "<stdin>", ids made from it too, and two runs are equal.
printf '{"text":"one two three four five six seven eight nine ten"}\n{"text":"one two three four five six seven eight nine ten eleven"}\n' >twice.jsonl
W dedup --keep longest --rejects sp1.jsonl - <twice.jsonl >so1.jsonl || fail "two-pass dedup from stdin failed"
W dedup --keep longest --rejects sp2.jsonl <twice.jsonl >so2.jsonl || fail "two-pass dedup from stdin (no argument) failed"
cmp -s sp1.jsonl sp2.jsonl && cmp -s so1.jsonl so2.jsonl || fail "two-pass dedup of stdin differs between runs"
grep -q '"id":"stdin:1".*"file":"<stdin>"' sp1.jsonl || fail "spooled stdin: reject not named stdin:1 from <stdin>: $(cat sp1.jsonl)"
grep -q '"id":"stdin:2"' so1.jsonl || fail "spooled stdin: kept record not named stdin:2"
W dedup --dedup fuzzy all.jsonl >/dev/null 2>&1; [ $? = 2 ] || fail "bad --dedup not a usage error"
W dedup --threshold 2 all.jsonl >/dev/null 2>&1; [ $? = 2 ] || fail "bad --threshold not a usage error"
W index verify nowhere >/dev/null 2>&1 && fail "verify of a missing index succeeded"
exit 0
