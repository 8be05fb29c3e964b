# C4BadWordsFilter through `winnow clean`: off in the presets, on with
# `c4_badwords = on`; reason, value and threshold in the rejects; word
# boundaries; --annotate; keep_fraction with a per-document seed; the keys
# in --print-config.  Needs data/filter/badwords/ (installed by make check).
. "$TESTDIR/lib.sh"
cat >in.jsonl <<'J'
{"id":"a","text":"The referee said the striker was an ASSHOLE after the match."}
{"id":"b","text":"The class of assassins met the bass player at the embassy."}
{"id":"c","text":"A calm report about the weather in the north of the country."}
J
printf 'c4_badwords = on\n' >on.conf

# No preset runs it.
W clean -q --preset fineweb --annotate --langid off in.jsonl >ann0.jsonl || fail "annotate exited $?"
grep -q document_removed_with_badwords ann0.jsonl && fail "fineweb preset ran the bad-words rule"

W clean -q --preset none --config on.conf --langid off --rejects rej.jsonl in.jsonl >out.jsonl || fail "run exited $?"
[ "$(count_lines out.jsonl)" = 2 ] || fail "expected 2 kept, got $(count_lines out.jsonl)"
[ "$(count_lines rej.jsonl)" = 1 ] || fail "expected 1 rejected"
[ "$(jget rej.jsonl 1 'r["id"]')" = a ] || fail "wrong document rejected"
[ "$(jget rej.jsonl 1 'r["reason"]')" = document_removed_with_badwords ] || fail "reason"
[ "$(jget rej.jsonl 1 'r["value"]')" = 1.0 ] || fail "value"
[ "$(jget rej.jsonl 1 'r["threshold"]')" = 0.0 ] || fail "threshold"

# --annotate keeps everything and scores each document.
W clean -q --preset none --config on.conf --langid off --annotate in.jsonl >ann.jsonl || fail "annotate exited $?"
[ "$(count_lines ann.jsonl)" = 3 ] || fail "annotate dropped documents"
[ "$(jget ann.jsonl 1 'r["meta"]["quality"]["document_removed_with_badwords"]')" = 1 ] || fail "annotate a"
[ "$(jget ann.jsonl 1 'r["meta"]["quality"]["would_reject"]')" = document_removed_with_badwords ] || fail "would_reject"
[ "$(jget ann.jsonl 2 'r["meta"]["quality"]["document_removed_with_badwords"]')" = 0 ] || fail "annotate b"

# keep_fraction 1 keeps every hit; with 0.5 the choice depends on the id
# only: the same with 1 and 2 threads.
printf 'c4_badwords = on\nc4_badwords.keep_fraction = 1\n' >keep.conf
W clean -q --preset none --config keep.conf --langid off in.jsonl >keep.jsonl || fail "keep exited $?"
[ "$(count_lines keep.jsonl)" = 3 ] || fail "keep_fraction 1 dropped a document"
python3 - <<'PY' || exit 1
import json
with open("many.jsonl", "w") as f:
    for i in range(200):
        f.write(json.dumps({"id": f"d{i}", "text": f"Item {i}: what an asshole."}) + "\n")
PY
printf 'c4_badwords = on\nc4_badwords.keep_fraction = 0.5\nc4_badwords.seed = 3\n' >half.conf
W clean -q --preset none --config half.conf --langid off --threads 1 many.jsonl >h1.jsonl || fail "half exited $?"
W clean -q --preset none --config half.conf --langid off --threads 2 many.jsonl >h2.jsonl || fail "half2 exited $?"
cmp -s h1.jsonl h2.jsonl || fail "keep_fraction draw differs between thread counts"
n=$(count_lines h1.jsonl)
[ "$n" -gt 70 ] && [ "$n" -lt 130 ] || fail "keep_fraction 0.5 kept $n of 200"

# The keys are in --print-config and round-trip through --config.
W clean --print-config --config half.conf >pc.txt || fail "print-config exited $?"
grep -qx 'c4_badwords = on' pc.txt || fail "print-config: c4_badwords"
grep -qx 'c4_badwords.keep_fraction = 0.5' pc.txt || fail "print-config: keep_fraction"
grep -qx 'c4_badwords.seed = 3' pc.txt || fail "print-config: seed"
exit 0
