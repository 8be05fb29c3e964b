# gzip and zstd inputs are recognised by their bytes, not their names;
# outputs are compressed by suffix; folders are read in name order.
. "$TESTDIR/lib.sh"
seed="$SHARED/seed/000_bf4be9d8b912a7c1.txt"
mkdir corpus
cp "$seed" corpus/b_seed.txt
printf '{"id":"j1","text":"One paragraph of JSON text that is clean already."}\n' >corpus/a.jsonl
gzip -c corpus/a.jsonl >corpus/c_gz.data            # misleading names on purpose
zstd -q -c "$seed" >corpus/d_zst.data
W clean corpus -o out.jsonl || fail "exit $?"
python3 - <<'PY' || exit 1
import json
ids = [json.loads(l)["id"] for l in open("out.jsonl")]
assert ids == ["j1", "b_seed", "j1", "d_zst"], ids
PY
W clean corpus -o out.jsonl.gz || fail "gz out"
W clean corpus -o out.jsonl.zst || fail "zst out"
gzip -dc out.jsonl.gz | cmp - out.jsonl || fail ".gz output differs"
zstd -qdc out.jsonl.zst | cmp - out.jsonl || fail ".zst output differs"
# --format forces a reader: JSONL read as seed is one body
W clean --format seed corpus/a.jsonl >forced.jsonl || fail "forced"
grep -q '"id":"a"' forced.jsonl || fail "seed id from file name"
W clean --format xml corpus 2>/dev/null; [ $? = 2 ] || fail "bad --format is a usage error"
# progress: silent when stderr is not a terminal, shown with --progress
W clean corpus >/dev/null 2>err.txt || fail "quiet run"
[ ! -s err.txt ] || fail "something on stderr without a terminal: $(cat err.txt)"
W clean --progress corpus >/dev/null 2>err.txt || fail "progress run"
grep -q '4 records, .* MB/s' err.txt || fail "no progress line: $(cat err.txt)"
# a paragraph that repeats the title (case, punctuation aside) goes, with
# reason "title", every copy of it, while a paragraph that only contains the
# title's words stays
{
    printf ' date 2025-03-01 Flood closes the old bridge\n'
    printf 'FLOOD CLOSES THE OLD BRIDGE!\n'
    printf 'The river rose two metres overnight and the council closed the old bridge to traffic until further notice.\n'
    printf 'Flood closes the old bridge\n'
    printf 'Engineers say the flood closes the old bridge for a week, and ferries will run in the meantime for commuters.\n'
} >titled.txt
W clean -q --langid off --preset none --explain titled.txt >titled.jsonl || fail "titled: exit $?"
python3 -c "
import json
r = json.loads(open('titled.jsonl', encoding='utf-8').read())
rm = [(x['line'], x['reason']) for x in r['removed']]
assert rm == [(2, 'title'), (4, 'title')], rm
assert r['text'].count('\n') == 1 and 'Engineers say' in r['text'], r['text']" || fail "title repeats"
# member names are matched whole: "text\u0000x" is not the text (it passes
# through into meta), and a record with only such a member has no text
printf '{"text\\u0000x":"hello"}\n{"text":"A","text\\u0000x":"B","id\\u0000":"no"}\n' >nulkey.jsonl
W clean -q --langid off --preset none --rejects nulkey.rej nulkey.jsonl >nulkey.out || fail "nulkey: exit $?"
python3 -c "
import json
out = [json.loads(l) for l in open('nulkey.out', encoding='utf-8')]
rej = [json.loads(l) for l in open('nulkey.rej', encoding='utf-8')]
assert len(out) == 1 and out[0]['text'] == 'A' and out[0]['id'] == 'nulkey:2', out
assert out[0]['meta'] == {'text\x00x': 'B', 'id\x00': 'no'}, out[0]['meta']
assert len(rej) == 1 and rej[0]['reason'] == 'no-text', rej" || fail "member names matched whole"
