# Every input record ends in exactly one of output or rejects, whatever is
# wrong with it; bad records are named with file, line and byte offset.
. "$TESTDIR/lib.sh"
{
  printf '{"id":"good1","text":"A normal first paragraph of a news story that is long enough to be kept by the cleaner."}\n'
  printf '{"id":"badjson","text":"unterminated\n'
  printf '\n'
  printf '{"id":"notext","body":"x"}\n'
  printf '[1,2,3]\n'
  printf '{"id":"empty","text":"Abone ol\\n\\u00a9 Reuters"}\n'
  printf '{"id":"nul","text":"has a \\u0000 NUL byte inside a sentence that is otherwise fine to keep."}\n'
  printf '{"id":"bin","text":"\377\376 binary \200\201 garbage"}\n'
  printf '{"id":"good2","text":"Another paragraph.","source":"x.com","n":5}\n'
} >in.jsonl
W clean --rejects rej.jsonl --stats stats.json in.jsonl >out.jsonl 2>err.txt || fail "exit $?"
out=$(count_lines out.jsonl); rej=$(count_lines rej.jsonl)
[ "$out" = 3 ] || fail "expected 3 kept, got $out"
[ "$rej" = 5 ] || fail "expected 5 rejected, got $rej"
grep -q 'in.jsonl: record 2 at line 2, byte 112: invalid JSON' err.txt || { cat err.txt >&2; fail "bad JSON not reported with its offset"; }
python3 - <<'PY' || exit 1
import json
rej = [json.loads(l) for l in open("rej.jsonl", encoding="utf-8")]
reasons = sorted(r["reason"] for r in rej)
assert reasons == ["bad-json", "bad-json", "empty", "invalid-utf8", "no-text"], reasons
by = {}
for r in rej: by.setdefault(r["reason"], r)
assert by["bad-json"]["source"]["line"] == 2 and by["bad-json"]["source"]["offset"] == 112
assert by["no-text"]["record"] == {"id": "notext", "body": "x"}      # the input record, whole
assert by["no-text"]["id"] == "notext"
assert by["invalid-utf8"]["raw_base64"], "invalid bytes kept as base64"
out = [json.loads(l) for l in open("out.jsonl", encoding="utf-8")]
assert [o["id"] for o in out] == ["good1", "nul", "good2"]
assert out[2]["meta"] == {"source": "x.com", "n": 5}, out[2]          # passed through
assert "\u0000" not in out[1]["text"]
st = json.load(open("stats.json"))
assert st["records"] == {"in": 8, "out": 3, "rejected": 5}, st["records"]
assert st["rejected"]["bad-json"] == 2
PY
