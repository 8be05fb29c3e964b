# Truncated and corrupt compressed input, unreadable files, empty files and
# oversized records: a clear message, the rest goes on, exit status 3 for
# input that could not be read whole.
. "$TESTDIR/lib.sh"
seed="$SHARED/seed/000_bf4be9d8b912a7c1.txt"
i=0; while [ $i -lt 200 ]; do printf '{"id":"r%d","text":"Paragraph number %d of a long file, long enough to be kept."}\n' $i $i; i=$((i+1)); done >many.jsonl
gzip -c many.jsonl >full.gz
head -c $(( $(wc -c <full.gz) - 30 )) full.gz >trunc.gz
zstd -q -c many.jsonl >full.zst
head -c $(( $(wc -c <full.zst) - 10 )) full.zst >trunc.zst
: >empty.jsonl
W clean trunc.gz "$seed" >out1.jsonl 2>err1.txt; rc=$?
[ $rc = 3 ] || fail "truncated gzip: exit $rc, want 3"
grep -q 'trunc.gz: truncated gzip stream' err1.txt || { cat err1.txt >&2; fail "no truncation message"; }
tail -n 1 out1.jsonl | grep -q '"id":"000_bf4be9d8b912a7c1"' || fail "the next input was not read"
[ "$(count_lines out1.jsonl)" -gt 100 ] || fail "records before the truncation were lost"
W clean trunc.zst >/dev/null 2>err2.txt; [ $? = 3 ] || fail "truncated zstd: want exit 3"
grep -q 'truncated zstd stream' err2.txt || fail "no zstd message"
W clean does-not-exist.jsonl empty.jsonl >out3.jsonl 2>err3.txt; [ $? = 3 ] || fail "missing file: want exit 3"
grep -q 'does-not-exist.jsonl: cannot open' err3.txt || fail "missing file not named"
[ ! -s out3.jsonl ] || fail "empty input gave output"
# valid JSON that jansson cannot hold (an integer past 64 bits, a real
# past double range): that record to the rejects as bad-json, the rest read
# (it used to stop the run with "out of memory")
printf '%s\n' '{"id":"big","text":"A normal line of text here.","n":123456789012345678901234567890}' \
    '{"id":"huge","text":"Another normal line of text.","meta":{"x":1e400}}' \
    '{"id":"fine","text":"The record after them is still read."}' >bignum.jsonl
W clean -q --langid off --rejects rej7.jsonl bignum.jsonl >out7.jsonl || fail "big numbers: exit $?"
grep -q '"id":"fine"' out7.jsonl || fail "big numbers: the next record was lost"
[ "$(grep -c '"reason":"bad-json"' rej7.jsonl)" = 2 ] || { cat rej7.jsonl >&2; fail "big numbers: want two bad-json rejects"; }
grep -q 'too big integer' rej7.jsonl || fail "big numbers: reason not given"
# a file that exists but cannot be read (permission): named, the next input
# read.  As root, the run drops to nobody (setpriv), in a directory nobody
# can enter; where neither works the case is reported as skipped.
permdir=$(mktemp -d /tmp/wn-perm.XXXXXX); chmod 755 "$permdir"
printf '{"id":"readable","text":"A record in a readable file, read after the other one."}\n' >"$permdir/good.jsonl"
printf '{"id":"secret","text":"Nobody may read this."}\n' >"$permdir/noread.jsonl"
chmod 644 "$permdir/good.jsonl"; chmod 000 "$permdir/noread.jsonl"
as_user=""
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; then
    (cd "$permdir" && WINNOW_DATA="$TOP/data" $as_user $WRAP "$WINNOW" clean noread.jsonl good.jsonl) >out6.jsonl 2>err6.txt
    rc=$?
    [ $rc = 3 ] || { cat err6.txt >&2; fail "unreadable file: exit $rc, want 3"; }
    grep -q 'noread.jsonl: cannot open.*[Pp]ermission denied' err6.txt || { cat err6.txt >&2; fail "unreadable file not named with its reason"; }
    grep -q '"id":"readable"' out6.jsonl || fail "the input after the unreadable one was not read"
    grep -q 'secret' out6.jsonl && fail "the unreadable file was read"
else
    echo "skipped: unreadable-file case (root without setpriv)" >&2
fi
rm -rf "$permdir"
# an oversized line, then a good one
{ printf '{"text":"'; head -c 300000 /dev/zero | tr '\0' 'a'; printf '"}\n{"id":"after","text":"Still read after the big one."}\n'; } >big.jsonl
W clean --max-record-bytes 64K --rejects rej.jsonl big.jsonl >out4.jsonl 2>/dev/null || fail "big: exit $?"
grep -q '"id":"after"' out4.jsonl || fail "record after the oversized one lost"
grep -q '"reason":"too-large"' rej.jsonl || fail "oversized record not rejected"
[ "$(wc -c <rej.jsonl)" -lt 20000 ] || fail "rejects hold the whole oversized record"
# binary garbage (seeded, so the test is the same every run): no crash, and
# every record it makes is accounted for in output or rejects
python3 -c "
import random, sys; random.seed(11)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(20000)))" >garbage.bin
W clean --rejects rej5.jsonl --stats st5.json garbage.bin >out5.jsonl 2>/dev/null; rc=$?
[ $rc = 0 ] || fail "garbage: exit $rc"
python3 -c "
import json; s=json.load(open('st5.json'))['records']
assert s['in'] >= 1 and s['in'] == s['out'] + s['rejected'], s" || fail "garbage: records not accounted for"
[ $(( $(count_lines out5.jsonl) + $(count_lines rej5.jsonl) )) -ge 1 ] || fail "garbage: nothing written"
# a 100 MB single line, over the default --max-record-bytes (64M): rejected
# with a prefix kept, memory bounded, the next record read (plain run only)
if [ -z "$WRAP" ]; then
    { printf '{"id":"huge","text":"'; head -c 100000000 /dev/zero | tr '\0' 'x'; printf '"}\n{"id":"next","text":"The record after the huge one."}\n'; } >huge.jsonl
    W clean --rejects rej6.jsonl huge.jsonl >out6.jsonl 2>/dev/null || fail "huge: exit $?"
    grep -q '"id":"next"' out6.jsonl || fail "huge: next record lost"
    grep -q '"reason":"too-large"' rej6.jsonl || fail "huge: not rejected"
    rm -f huge.jsonl
fi
