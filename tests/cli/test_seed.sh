# The seed comes out exactly as shared/seed/expected.jsonl says (date, title,
# text), with the removals and metadata its README describes.
. "$TESTDIR/lib.sh"
seed="$SHARED/seed/000_bf4be9d8b912a7c1.txt"
[ -f "$seed" ] || fail "no seed at $seed"
W clean --explain "$seed" >out.jsonl || fail "winnow clean exited $?"
[ "$(count_lines out.jsonl)" = 1 ] || fail "expected one record"
python3 - "$SHARED/seed/expected.jsonl" <<'PY' || exit 1
import json, sys
got = json.loads(open("out.jsonl", encoding="utf-8").read())
exp = json.loads(open(sys.argv[1], encoding="utf-8").read())
for k in ("id", "date", "title", "lang", "text"):
    assert got[k] == exp[k], f"{k} differs:\n{got[k]!r}\n{exp[k]!r}"
assert got["meta"]["published"] == "2025-10-27T13:05", got["meta"]
assert got["meta"]["updated"] == "2025-10-27T13:08", got["meta"]
removed = {r["line"]: r["reason"] for r in got["removed"]}
# README table: lines 2-5, 14-19, 24-25 go; 9-13 and 20 stay.
assert sorted(removed) == [2, 3, 4, 5, 14, 15, 16, 17, 18, 19, 24, 25], sorted(removed)
assert removed[2] == "timestamp" and removed[3] == removed[4] == "credit" and removed[5] == "cta", removed
assert all(removed[i] == "duplicate-paragraph" for i in (14, 15, 16, 17, 18, 19, 24, 25)), removed
PY
# The same record read from stdin, and from a copy with CRLF line ends.
W clean <"$seed" >stdin.jsonl || fail "stdin run failed"
python3 -c "
import json; a=json.loads(open('out.jsonl').read()); b=json.loads(open('stdin.jsonl').read())
assert a['text']==b['text'] and b['id']=='stdin:1', b['id']" || fail "stdin differs"
sed 's/$/\r/' "$seed" >crlf.txt
W clean crlf.txt >crlf.jsonl || fail "crlf run failed"
python3 -c "
import json; a=json.loads(open('out.jsonl').read()); b=json.loads(open('crlf.jsonl').read())
assert a['text']==b['text'] and a['title']==b['title'], 'CRLF changed the result'" || fail "crlf differs"
