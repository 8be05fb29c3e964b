# make install honours DESTDIR/PREFIX; an embedder builds against the
# installed header, library and pkg-config file, and finds the data.
. "$TESTDIR/lib.sh"
[ -n "$WRAP" ] && exit 0     # nothing here runs under valgrind
dest=$PWD/dest
make -s -C "$TOP" install DESTDIR="$dest" PREFIX=/opt/wn >/dev/null || fail "make install"
for f in bin/winnow lib/libwinnow.a lib/libwinnow.so include/winnow.h lib/pkgconfig/winnow.pc \
         share/man/man1/winnow.1 share/winnow/boilerplate/tr.txt; do
    [ -e "$dest/opt/wn/$f" ] || fail "missing $f"
done
export PKG_CONFIG_PATH="$dest/opt/wn/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
cc "$TOP/examples/clean_one.c" $(pkg-config --cflags winnow) "$dest/opt/wn/lib/libwinnow.a" \
   $(pkg-config --static --libs winnow | sed 's/-lwinnow//') -o clean_one || fail "embedder build"
printf 'Abone ol\nA paragraph of real text that stays in the output of the cleaner.\n' >in.txt
# Built for /opt/wn but installed under DESTDIR: without data it must say so.
WINNOW_DATA= ./clean_one <in.txt >out.json 2>err.txt && fail "ran without its data"
grep -q 'no data directory' err.txt || { cat err.txt >&2; fail "no data: unclear error"; }
WINNOW_DATA="$dest/opt/wn/share/winnow" ./clean_one <in.txt >out.json || fail "embedder run"
grep -q '"reason":"cta"' out.json || fail "embedder: boilerplate not removed"
"$dest/opt/wn/bin/winnow" clean --explain in.txt >cli.json || fail "installed winnow"
grep -q '"reason":"cta"' cli.json || fail "installed winnow did not find its data"
