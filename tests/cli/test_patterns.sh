# Users extend the boilerplate patterns with a file of their own.
. "$TESTDIR/lib.sh"
printf 'promo\t(?:kampanya|indirim)[^.]{0,40}\n' >mine.txt
printf '{"id":"p","text":"A real paragraph that should stay in the output of the cleaner.\\nKampanya: yüzde 50 indirim"}\n' >in.jsonl
W clean --explain in.jsonl >without.jsonl || fail "run 1"
grep -q 'indirim' without.jsonl || fail "line removed without the user pattern"
W clean --explain --patterns mine.txt in.jsonl >with.jsonl || fail "run 2"
python3 -c "
import json; r=json.loads(open('with.jsonl').read())
assert 'indirim' not in r['text'] and r['removed'][0]['reason']=='promo', r" || fail "user pattern not applied"
printf 'bad\t(unclosed\n' >broken.txt
W clean --patterns broken.txt in.jsonl 2>err.txt; [ $? = 1 ] || fail "broken pattern accepted"
grep -q 'broken.txt:1: bad pattern' err.txt || fail "broken pattern not located"
