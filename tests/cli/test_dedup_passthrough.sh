# winnow dedup passes records through (--clean off, its default): every kept
# record's text is the input text byte for byte (spaces, CR, empty lines,
# zero-width characters and boilerplate lines included), an empty text is
# kept, and duplicates are still removed.  --clean on brings back normalize +
# clean: the text is then the one `winnow clean --preset none` writes, and
# `winnow clean --dedup near` still cleans.
. "$TESTDIR/lib.sh"
python3 - <<'PY' || fail "generator"
import json, random
rnd = random.Random(5)
words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(400)]
base = " ".join(words[:200])
near = " ".join(words[:120] + ["changed"] + words[121:200])
recs = [
    {"id": "r1", "text": "Hello  World\r\nSecond\u200b line  \n\n\nShare this article\nEnd.\n", "url": "u1"},
    {"id": "r2", "text": base + "\nShare this article\n", "date": "2024-01-02"},
    {"id": "r3", "text": near + "\nShare this article\n"},
    {"id": "r4", "text": ""},
    {"id": "r5", "text": "  \t caf\u00e9 CAFE\u0301 \u00a0 x\u0000y \n"},
    {"id": "r6", "text": " ".join(words[200:400])},
]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
W dedup --threads 2 --rejects rej.jsonl in.jsonl >out.jsonl || fail "dedup"
W dedup --threads 2 --clean on --rejects rejc.jsonl in.jsonl >outc.jsonl || fail "dedup --clean"
W clean --threads 2 --preset none --langid off --rejects rejn.jsonl in.jsonl >clean.jsonl || fail "clean"
W clean --threads 2 --preset none --langid off --dedup near in.jsonl >cleand.jsonl || fail "clean --dedup near"
python3 - <<'PY' || fail "pass-through"
import json
def load(p): return [json.loads(l) for l in open(p, encoding="utf-8")]
inp = {r["id"]: r for r in load("in.jsonl")}
out, rej = load("out.jsonl"), load("rej.jsonl")
assert [r["id"] for r in out] == ["r1", "r2", "r4", "r5", "r6"], [r["id"] for r in out]
for r in out:
    assert r["text"] == inp[r["id"]]["text"], (r["id"], r["text"])
assert out[0]["meta"]["url"] == "u1" and out[1]["date"] == "2024-01-02"
assert [(r["id"], r["reason"], r["duplicate_of"]) for r in rej] == [("r3", "duplicate", "r2")], rej
# --clean: the texts winnow clean writes, the same removal
outc, clean = load("outc.jsonl"), {r["id"]: r for r in load("clean.jsonl")}
assert "r4" not in [r["id"] for r in outc], "--clean kept an empty text"
assert [r["id"] for r in outc] == [i for i in ["r1", "r2", "r5", "r6"] if i in clean]
for r in outc:
    assert r["text"] == clean[r["id"]]["text"], r["id"]
assert outc[0]["text"] != inp["r1"]["text"], "--clean did not clean"
assert "Share this article" not in outc[0]["text"]
assert [r["id"] for r in load("rejc.jsonl") if r["reason"] == "duplicate"] == ["r3"]
cd = {r["id"]: r["text"] for r in load("cleand.jsonl")}
assert "r3" not in cd and cd["r1"] == clean["r1"]["text"], "clean --dedup near"
PY
# --clean off is the default; --preset fineweb keeps cleaning on (its output
# is what it was before pass-through), --clean off turns it off there too
W dedup --threads 2 --clean off in.jsonl >outoff.jsonl || fail "dedup --clean off"
cmp out.jsonl outoff.jsonl || fail "--clean off differs from the default"
W dedup --threads 1 --preset fineweb in.jsonl >fw.jsonl || fail "fineweb"
W dedup --threads 1 --preset fineweb --clean off in.jsonl >fwoff.jsonl || fail "fineweb --clean off"
W dedup --clean maybe in.jsonl >/dev/null 2>err.txt && fail "--clean maybe accepted"
python3 - <<'PY' || fail "fineweb cleaning"
import json
def load(p): return {r["id"]: r["text"] for r in map(json.loads, open(p, encoding="utf-8"))}
inp, fw, off, clean = load("in.jsonl"), load("fw.jsonl"), load("fwoff.jsonl"), load("clean.jsonl")
assert fw["r1"] == clean["r1"] != inp["r1"], "fineweb does not clean"
assert off["r1"] == inp["r1"], "fineweb --clean off cleans"
PY
# the two-pass path (--keep longest) passes records through too
W dedup --threads 1 --keep longest in.jsonl >outl.jsonl || fail "dedup --keep longest"
python3 - <<'PY' || fail "two-pass pass-through"
import json
inp = {r["id"]: r for r in map(json.loads, open("in.jsonl", encoding="utf-8"))}
out = [json.loads(l) for l in open("outl.jsonl", encoding="utf-8")]
assert len(out) == 5 and all(r["text"] == inp[r["id"]]["text"] for r in out)
PY
exit 0
