# Crash safety of the dedup index: a run killed (SIGKILL) at random moments
# leaves the index as before the run or as after it, `winnow index verify`
# passes, and the next run works.
. "$TESTDIR/lib.sh"
seed=$(ls "$SHARED"/seed/*.txt | head -1)
n=1600; tries=10; [ -n "$WRAP" ] && { n=120; tries=3; }
python3 "$TESTDIR/gen_dedup.py" "$n" "$seed" all.jsonl || fail "generator"
total=$(count_lines all.jsonl)
head -n $((total / 2)) all.jsonl >a.jsonl
tail -n +$((total / 2 + 1)) all.jsonl >b.jsonl
W dedup --index idx0 a.jsonl >/dev/null || fail "first batch"
docs() { W index stats "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])"; }
before=$(docs idx0)
cp -r idx0 idxfull
start=$(python3 -c "import time; print(time.time())")
W dedup --index idxfull b.jsonl >full.jsonl || fail "second batch"
dur=$(python3 -c "import time; print(time.time() - $start)")
after=$(docs idxfull)
[ "$after" -gt "$before" ] || fail "second batch added nothing"
i=0; saw_before=0; saw_after=0
while [ $i -lt $tries ]; do
    i=$((i + 1))
    rm -rf idx; cp -r idx0 idx
    delay=$(python3 -c "import random; random.seed($i); print('%.3f' % (random.uniform(0.05, 1.1) * $dur))")
    $WRAP "$WINNOW" dedup --index idx b.jsonl >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    W index verify idx >/dev/null 2>verr.txt || { cat verr.txt; fail "verify after kill at ${delay}s"; }
    d=$(docs idx)
    if [ "$d" = "$before" ]; then saw_before=$((saw_before + 1))
    elif [ "$d" = "$after" ]; then saw_after=$((saw_after + 1))
    else fail "half-written index: $d documents (before $before, after $after)"; fi
    # the next run works and ends where an uninterrupted run ends
    W dedup --index idx b.jsonl >next.jsonl || fail "run after kill"
    [ "$(docs idx)" = "$after" ] || fail "after recovery: $(docs idx) documents, expected $after"
    W index verify idx >/dev/null || fail "verify after recovery"
done
# two writers at once over the same batch: the second waits for the first's
# lock and sees its documents, so together they keep what one run keeps
# (without the lock both would keep everything)
W dedup a.jsonl >one.out || fail "one run"
$WRAP "$WINNOW" dedup --index idxc a.jsonl >ca.out 2>ca.err &
pa=$!
$WRAP "$WINNOW" dedup --index idxc a.jsonl >cb.out 2>cb.err &
pb=$!
wait $pa || { cat ca.err; fail "concurrent writer a"; }
wait $pb || { cat cb.err; fail "concurrent writer b"; }
W index verify idxc >/dev/null || fail "verify after concurrent writers"
[ "$(docs idxc)" = "$(count_lines one.out)" ] || fail "concurrent writers kept $(docs idxc), one run $(count_lines one.out)"
[ $(( $(count_lines ca.out) + $(count_lines cb.out) )) = "$(count_lines one.out)" ] || fail "concurrent outputs"
echo "kills: $saw_before left the index as before, $saw_after as after"
exit 0
