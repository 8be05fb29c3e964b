#!/bin/sh
# Fetches the LDNOOBW bad-word lists (CC-BY-4.0, see data/filter/README.md)
# from the npm package naughty-words@1.2.0 and writes them as plain UTF-8
# files, one word per line, at data/filter/badwords/<lang>.txt (the 28
# languages of datatrove's C4BadWordsFilter).  The tarball's sha256 is checked
# against the value below.  Skips everything when the files are there and
# the stamp names this version.  Never run at run time: `make check`/`make
# demo` run it through tools/setup.sh, `make install` copies data/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/data/filter/badwords"
pkg=naughty-words@1.2.0
sha=c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e
langs="ar cs da de en eo es fa fi fil fr fr-CA-u-sd-caqc hi hu it ja kab ko nl no pl pt ru sv th tlh tr zh"

if [ -f "$dest/STAMP" ] && [ "$(cat "$dest/STAMP")" = "$pkg $sha" ]; then
    exit 0
fi
. "$(dirname "$0")/need-npm.sh"
need_npm fetch-badwords "$pkg"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm_fetch fetch-badwords "$pkg" "$sha" "$tmp"
mkdir -p "$tmp/out"
# JSON array of strings -> one string per line (no list holds a newline).
node -e '
const fs = require("fs");
const [src, out, ...langs] = process.argv.slice(1);
for (const l of langs) {
  const w = JSON.parse(fs.readFileSync(src + "/" + l + ".json", "utf8"));
  if (!Array.isArray(w) || w.some(x => typeof x !== "string" || /[\n\r]/.test(x)))
    throw new Error(l + ".json: not a list of one-line strings");
  fs.writeFileSync(out + "/" + l + ".txt", w.map(x => x + "\n").join(""));
}' "$tmp/package" "$tmp/out" $langs
cp "$tmp/package/LICENSE" "$tmp/out/LICENSE"
echo "$pkg $sha" > "$tmp/out/STAMP"
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp/out" "$dest"
echo "fetch-badwords: installed $dest ($(echo $langs | wc -w) languages)" >&2
