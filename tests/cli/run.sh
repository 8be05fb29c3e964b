#!/bin/sh
# Runs every tests/cli/test_*.sh (or those named in $ONLY) with $WINNOW (the
# binary) and $WRAP (e.g. valgrind); prints "ok [label] name" / "FAIL [label]
# name" per script.
set -u
label=${1:-plain}
dir=$(cd "$(dirname "$0")" && pwd)
status=0
for t in "$dir"/test_*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    case " ${ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
    tmp=$(mktemp -d)
    if (cd "$tmp" && TESTDIR="$dir" SHARED="$dir/../../../shared" sh "$t") >"$tmp/.log" 2>&1; then
        echo "ok [$label] $name"
    else
        echo "FAIL [$label] $name"
        sed 's/^/    /' "$tmp/.log" >&2
        status=1
    fi
    rm -rf "$tmp"
done
exit $status
