#!/bin/sh
# winnow langid prints exactly what `fasttext predict-prob MODEL - K [P]`
# prints, on the UDHR sets of $SHARED/data/lid, on edge cases, and on small
# models of every loss trained here with the fasttext CLI.
set -eu
command -v fasttext >/dev/null || { echo "the Debian fasttext CLI is needed (make setup)"; exit 1; }
MODEL=$TESTDIR/../../data/models/lid.176.ftz
[ -f "$MODEL" ] || { echo "$MODEL missing: run tools/fetch-model.sh"; exit 1; }
fail=0

same() { # name file winnow-args... (fasttext gets MODEL FILE K [P] from $FT)
    name=$1; file=$2; shift 2
    fasttext predict-prob $FT > want.txt < "$file"
    $WRAP $WINNOW langid "$@" < "$file" > got.txt
    if ! cmp -s want.txt got.txt; then
        echo "DIFFERENT: $name (fasttext predict-prob $FT)"; diff want.txt got.txt | head -5; fail=1
    fi
}

# 1. the UDHR text (a subset under valgrind)
if [ -n "$WRAP" ]; then n=150; else n=100000; fi
cut -f2 "$SHARED/data/lid/udhr_short.tsv" | head -n $n > short.txt
cut -f2 "$SHARED/data/lid/udhr_long.tsv" | head -n $((n / 3)) > long.txt
[ "$(wc -l < short.txt)" -gt 100 ] || { echo "no UDHR data"; exit 1; }
FT="$MODEL - 1"; same short-k1 short.txt
FT="$MODEL - 5"; same short-k5 short.txt -k 5
FT="$MODEL - 1"; same long-k1 long.txt
FT="$MODEL - 3"; same long-k3 long.txt -k 3
FT="$MODEL - -1 0.001"; same short-all-thr short.txt -k -1 --threshold 0.001
FT="$MODEL - 4 0.1"; same long-thr long.txt --k=4 --threshold=0.1 --model "$MODEL"

# 2. edge cases
{
    printf '\n\n   \n\t \v\f\n'                       # empty and whitespace-only lines
    printf 'hello world\r\nbonjour\rle monde\r\n\r\n'  # CR
    printf 'guten\000tag\n\000\000\n'                  # NUL is a separator
    printf '\377\376 abc \303\n\300\257 \355\240\200 \364\220\200\200\n'  # invalid UTF-8
    printf '\303\n'                                    # a lone lead byte
    head -c 5000 /dev/zero | tr '\0' 'a'; printf '\n'  # a 5,000-byte token
    yes "$(printf '\321\217')" | head -n 2500 | tr -d '\n'; printf ' x\n'  # 2,500 Cyrillic letters
    i=0; while [ $i -lt 3000 ]; do printf 'merhaba '; i=$((i + 1)); done; printf '\n'   # 3,000 tokens
    printf 'Lavrov \360\237\223\215 \360\237\224\264Rusya \360\237\230\200\360\237\230\201\n'  # emoji
    printf '\360\237\230\200\n'
    printf '__label__en __label__xx bonjour\n__label__fr\n'
    printf 'Moskova ve Ankara \342\200\224 \320\237\320\265\321\200\320\265\320\263\320\276\320\262\320\276\321\200\321\213\n'
    printf '\302\240nbsp\302\240\343\200\200ideographic space\n'
    printf 'no final newline here'
} > edge.txt
FT="$MODEL - 1"; same edge-k1 edge.txt
FT="$MODEL - 5"; same edge-k5 edge.txt -k 5
FT="$MODEL - -1"; same edge-all edge.txt -k -1
printf 'trailing blanks  \t' > tail1.txt; FT="$MODEL - 2"; same no-eol-blank tail1.txt -k 2
printf 'x\n\n' > tail2.txt; FT="$MODEL - 2"; same eol-empty tail2.txt -k 2
: > empty.txt; FT="$MODEL - 1"; same empty-input empty.txt
# a FILE argument reads the same as stdin
$WRAP $WINNOW langid -k 2 edge.txt > got_file.txt
$WRAP $WINNOW langid -k 2 - < edge.txt > got_stdin.txt
cmp got_file.txt got_stdin.txt || { echo "FILE and stdin differ"; fail=1; }

# 3. the documented exception: "</s>" ends the line (fastText prints the rest
# as an extra line); winnow prints one line per input line
printf 'Guten Morgen </s> bonjour tout le monde\nzweite Zeile\n' > eos.txt
printf 'Guten Morgen\nzweite Zeile\n' > eos_want_in.txt
fasttext predict-prob "$MODEL" - 1 < eos_want_in.txt > eos_want.txt
$WRAP $WINNOW langid < eos.txt > eos_got.txt
cmp eos_want.txt eos_got.txt || { echo "</s> handling"; fail=1; }
[ "$(fasttext predict-prob "$MODEL" - 1 < eos.txt | wc -l)" -eq 3 ] || { echo "fastText quirk changed?"; fail=1; }

# 4. every loss, dense and quantized, word n-grams and char n-grams: small
# models trained here (output identical for any trained weights)
i=0
while [ $i -lt 300 ]; do
    printf '__label__l%d w%d common%d word%d another\n' $i $i $((i % 7)) $((i % 13)) "$i"
    i=$((i + 1))
done > train.txt
printf 'hello world foo\nw3 common2 word5\n\n  \nw17 another w250 zzz\nno newline w5' > probe.txt
for loss in hs softmax ova ns; do
    fasttext supervised -input train.txt -output m_$loss -dim 4 -bucket 300 -minn 2 -maxn 3 \
        -wordNgrams 2 -epoch 1 -minCount 1 -loss $loss -thread 1 -verbose 0 >/dev/null 2>&1
    FT="m_$loss.bin - -1"; same "bin-$loss" probe.txt --model m_$loss.bin -k -1
    FT="m_$loss.bin - 3 0.001"; same "bin-$loss-thr" probe.txt --model m_$loss.bin -k 3 --threshold 0.001
done
fasttext quantize -input train.txt -output m_softmax -dsub 2 -qnorm -verbose 0 >/dev/null 2>&1
FT="m_softmax.ftz - 5"; same ftz-softmax probe.txt --model m_softmax.ftz -k 5
fasttext quantize -input train.txt -output m_hs -qout -dsub 2 -cutoff 280 -verbose 0 >/dev/null 2>&1
FT="m_hs.ftz - 5"; same ftz-hs-qout-cutoff probe.txt --model m_hs.ftz -k 5

# 5. clear errors
set +e
$WRAP $WINNOW langid --model nope.ftz < probe.txt > out.txt 2> err.txt; rc=$?
set -e
[ $rc -eq 3 ] && grep -q 'nope.ftz' err.txt && grep -q 'No such file' err.txt || { echo "missing model: rc $rc"; cat err.txt; fail=1; }
head -c 100000 "$MODEL" > cut.ftz
set +e
$WRAP $WINNOW langid --model cut.ftz < probe.txt > out.txt 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'cut.ftz: truncated' err.txt || { echo "truncated model: rc $rc"; cat err.txt; fail=1; }
printf 'not a model at all' > junk.ftz
set +e
$WRAP $WINNOW langid --model junk.ftz < probe.txt > out.txt 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'bad magic' err.txt || { echo "junk model: rc $rc"; cat err.txt; fail=1; }
set +e
$WRAP $WINNOW langid -k 0 < probe.txt > out.txt 2> err.txt; rc=$?
set -e
[ $rc -eq 2 ] || { echo "-k 0 accepted: rc $rc"; fail=1; }
exit $fail
