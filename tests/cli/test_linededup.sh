# --line-dedup on: lines recurring across documents of one source go from
# the second document on (CCNet normalisation: digits -> 0, lower case);
# other sources and --line-dedup off are untouched.
. "$TESTDIR/lib.sh"
body='This is the first real paragraph of the article, long enough to be kept by every cleaner.'
{
printf '{"id":"a1","source":"site-a","text":"%s\\nReporting by the regional desk in edition 12 of 2025, with every text reviewed by two editors.\\nThe newsroom follows the editorial code that is published on this site since the year it opened."}\n' "Alpha story. $body"
printf '{"id":"a2","source":"site-a","text":"%s\\nReporting by the Regional Desk in edition 13 of 2025, with every text reviewed by two editors.\\nthe newsroom follows the editorial code that is published on this site since the year it opened."}\n' "Beta story. $body"
printf '{"id":"b1","source":"site-b","text":"%s\\nReporting by the regional desk in edition 13 of 2025, with every text reviewed by two editors."}\n' "Gamma story. $body"
printf '{"id":"a3","source":"site-a","text":"The newsroom follows the editorial code that is published on this site since the year it opened."}\n'
} >in.jsonl
W clean -q --preset none --line-dedup on --explain --rejects rj.jsonl --stats st.json in.jsonl >out.jsonl || fail "exit $?"
python3 - <<'PY' || exit 1
import json
recs = {r["id"]: r for r in map(json.loads, open("out.jsonl", encoding="utf-8"))}
rm = lambda i: sorted(x["reason"] for x in recs[i].get("removed", []))
assert rm("a1") == [], rm("a1")
# a2: the timestamp line (digits normalised) and the lower-cased widget line
assert rm("a2") == ["line_dedup", "line_dedup"], recs["a2"]
assert "Beta story" in recs["a2"]["text"]
assert rm("b1") == [], rm("b1")           # another source
assert "a3" not in recs                   # nothing left
rj = [json.loads(l) for l in open("rj.jsonl", encoding="utf-8")]
assert [r["reason"] for r in rj] == ["line_dedup_empty"], rj
st = json.load(open("st.json"))["linededup"]
assert st["lines_removed"] == 3 and st["documents_emptied"] == 1, st
PY
# one global group: b1's timestamp now matches a2's
W clean -q --preset none --line-dedup on --group-by global --explain in.jsonl >g.jsonl || fail "exit $?"
python3 -c "
import json
recs = {r['id']: r for r in map(json.loads, open('g.jsonl', encoding='utf-8'))}
assert [x['reason'] for x in recs['b1'].get('removed', [])] == ['line_dedup'], recs['b1']" || fail "global group"
# off by default
W clean -q --preset none in.jsonl >off.jsonl || fail "exit $?"
[ "$(count_lines off.jsonl)" = 4 ] || fail "line dedup ran while off"
exit 0
