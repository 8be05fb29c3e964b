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

# two passes (CCNet's batch mode): every copy of a line found in more than
# --line-dedup-min documents of its group goes, the first one too.  Source
# s1 has the credit line in three documents, s2 in one.
credit="This article was produced by the Springfield city desk and edited by the regional news team, which checks every story."
for d in "a:s1:The council approved the new budget for the coming year after a long debate in the town hall." \
         "b:s1:Heavy rain flooded several streets in the old town on Monday evening, and the fire brigade pumped out cellars." \
         "c:s1:The football club signed a young striker from the second division, who scored twenty goals last season." \
         "d:s2:A bakery on Main Street celebrated its hundredth birthday with free bread for everyone who came by."; do
    id=${d%%:*}; rest=${d#*:}; src=${rest%%:*}; body=${rest#*:}
    printf '{"id":"%s","text":"%s\\n%s","meta":{"source":"%s"}}\n' "$id" "$body" "$credit" "$src"
done >two.jsonl
kept_credit() { python3 -c "
import json, sys
print(' '.join(r['id'] + ('+' if 'city desk' in r['text'] else '-') for r in map(json.loads, open(sys.argv[1], encoding='utf-8'))))" "$1"; }
W clean -q --langid off --preset none --line-dedup on two.jsonl >one.out || fail "one pass: exit $?"
[ "$(kept_credit one.out)" = "a+ b- c- d+" ] || fail "one pass: $(kept_credit one.out)"
W clean -q --langid off --preset none --line-dedup two-pass --stats two.st two.jsonl >two.out || fail "two-pass: exit $?"
[ "$(kept_credit two.out)" = "a- b- c- d+" ] || fail "two-pass: $(kept_credit two.out)"
python3 -c "
import json; st = json.load(open('two.st'))['linededup']
assert st['lines_removed'] == 3, st" || fail "two-pass stats"
# from stdin (spooled and read twice), one global group, threshold 3 and 4
W clean -q --langid off --preset none --line-dedup two-pass --group-by global --line-dedup-min 3 <two.jsonl >g3.out || fail "stdin: exit $?"
[ "$(kept_credit g3.out)" = "a- b- c- d-" ] || fail "global, more than 3: $(kept_credit g3.out)"
W clean -q --langid off --preset none --line-dedup two-pass --group-by global --line-dedup-min 4 <two.jsonl >g4.out || fail "stdin: exit $?"
[ "$(kept_credit g4.out)" = "a+ b+ c+ d+" ] || fail "global, more than 4: $(kept_credit g4.out)"
# pass 1 writes nothing: the same output whether or not --output is given
W clean -q --langid off --preset none --line-dedup two-pass -o o.jsonl two.jsonl >stdout.txt || fail "exit $?"
cmp -s o.jsonl two.out || fail "--output differs from stdout in two-pass mode"
[ ! -s stdout.txt ] || fail "pass 1 wrote records to stdout"
# a count file that is not one is refused with its name
printf 'junk' >bad.counts
W clean -q --preset none --line-dedup on --line-dedup-counts bad.counts two.jsonl >/dev/null 2>bad.err && fail "bad count file accepted"
grep -q 'bad.counts: not a line count file' bad.err || fail "bad count file not named"
W clean --line-dedup two-pass --index idx two.jsonl >/dev/null 2>idx.err; [ $? = 2 ] || fail "two-pass with --index: want exit 2"
exit 0
