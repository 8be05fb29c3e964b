#!/bin/sh
# Runs the test suites and prints one closing line "N passed, N failed".
#   tests/run.sh plain   unit + CLI tests + fuzz corpus replay on build/
#   tests/run.sh all     the same, then under ASan+UBSan (build-asan/), the
#                        thread tests under TSan (build-tsan/), then the CLI
#                        tests under valgrind
set -u
mode=${1:-plain}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

suite() { # build-dir label wrap
    b=$1; label=$2; wrap=$3
    for t in "$b"/tests/test_*; do
        [ -x "$t" ] || continue
        "$t" >>"$log" 2>"$log.err" || { status=1; echo "[$label] $(basename "$t") exited non-zero" >&2; cat "$log.err" >&2; }
        grep -q . "$log.err" 2>/dev/null && cat "$log.err" >&2
    done
    WINNOW="$top/$b/winnow" WRAP="$wrap" sh tests/cli/run.sh "$label" >>"$log" || status=1
    for f in "$b"/fuzz/fuzz_*; do
        [ -x "$f" ] || continue
        n=$(basename "$f")
        if "$f" "fuzz/corpus/${n#fuzz_}" >/dev/null 2>"$log.err"; then
            echo "ok [$label] fuzz-replay $n" >>"$log"
        else
            echo "FAIL [$label] fuzz-replay $n" >>"$log"; cat "$log.err" >&2; status=1
        fi
    done
    rm -f "$log.err"
}

make --no-print-directory -s BUILD=build all $(ls tests/unit/test_*.c 2>/dev/null | sed 's|tests/unit/\(.*\)\.c|build/tests/\1|') \
    $(ls fuzz/fuzz_*.c 2>/dev/null | sed 's|fuzz/\(.*\)\.c|build/fuzz/\1|') >&2 || exit 1
suite build plain ""

if [ "$mode" = all ]; then
    make --no-print-directory -s BUILD=build-asan SAN=1 all $(ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build-asan/tests/\1|') \
        $(ls fuzz/fuzz_*.c 2>/dev/null | sed 's|fuzz/\(.*\)\.c|build-asan/fuzz/\1|') >&2 || exit 1
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 suite build-asan asan ""
    # ThreadSanitizer on the tests that run several threads
    make --no-print-directory -s BUILD=build-tsan CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
        build-tsan/winnow >&2 || exit 1
    TSAN_OPTIONS=halt_on_error=1:exitcode=66 WINNOW="$top/build-tsan/winnow" WRAP="" ONLY="test_threads test_langid_pipeline" \
        sh tests/cli/run.sh tsan >>"$log" || status=1
    if command -v valgrind >/dev/null; then
        WINNOW="$top/build/winnow" WRAP="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect" \
            sh tests/cli/run.sh valgrind >>"$log" || status=1
    fi
fi

grep '^FAIL' "$log" >&2
pass=$(grep -c '^ok' "$log")
fail=$(grep -c '^FAIL' "$log")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$status" -eq 0 ]
