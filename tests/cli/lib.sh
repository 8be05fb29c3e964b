# Helpers for CLI tests: sourced by each test_*.sh (run in a fresh temp dir).
set -u
: "${WRAP:=}" "${WINNOW:=$TESTDIR/../../build/winnow}"
TOP=$(cd "$TESTDIR/../.." && pwd)
W() { $WRAP "$WINNOW" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# count_lines FILE: number of lines (0 for a missing file)
count_lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }
# jq-like field access with python3: jget FILE LINE_NO EXPR (EXPR on r)
jget() { python3 -c "import json,sys
r=json.loads(open('$1',encoding='utf-8').read().splitlines()[$2-1]); print($3)"; }
