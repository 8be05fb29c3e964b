#!/bin/sh
# winnow extract: HTML files, folders, .html.gz, JSONL with html, WARC
# (.warc, .warc.gz one member per record, .warc.zst), WET, truncated input,
# and a scored subset of the two extraction benchmarks.
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
P='<p>The council voted on Tuesday to approve the new budget, which raises spending on schools, roads and parks by four percent over last year.</p>'
page() { printf '<html lang="en"><head><title>%s</title></head><body><nav><a href="/">Home</a></nav><article>%s%s</article><footer>Footer text</footer></body></html>' "$1" "$P" "$2"; }

mkdir -p site/sub
page "One" "<p>First page body, with a second sentence that is long enough to count.</p>" > site/one.html
page "Two" "<p>Second page body, with a second sentence that is long enough to count.</p>" | gzip > site/sub/two.html.gz
echo "not a page" > site/notes.txt

# a file, then a folder (sorted, recursive, only page-like names)
$WRAP $WINNOW extract site/one.html > one.jsonl
[ "$(wc -l < one.jsonl)" -eq 1 ] || fail "one record expected"
grep -q '"id":"site/one.html"' one.jsonl || fail "id from the file name"
grep -q '"title":"One"' one.jsonl || fail "title"
grep -q 'First page body' one.jsonl || fail "text"
grep -q 'Home' one.jsonl && fail "nav leaked"
grep -q 'Footer text' one.jsonl && fail "footer leaked"
$WRAP $WINNOW extract site -o all.jsonl
[ "$(wc -l < all.jsonl)" -eq 2 ] || fail "folder: two records expected"
head -1 all.jsonl | grep -q '"id":"site/one.html"' || fail "folder order"
tail -1 all.jsonl | grep -q 'Second page body' || fail ".html.gz page"

# tables: kept by default, --no-tables leaves them out
page "Tab" "<table><tr><td>Schools</td><td>4 percent</td></tr><tr><td>Roads</td><td>2 percent</td></tr></table><p>Closing paragraph of the page, long enough to count as article text here.</p>" > tab.html
$WRAP $WINNOW extract tab.html > tab.jsonl
grep -q 'Schools | 4 percent' tab.jsonl || fail "table rows by default"
$WRAP $WINNOW extract --no-tables tab.html > notab.jsonl
grep -q 'Schools' notab.jsonl && fail "--no-tables"
grep -q 'Closing paragraph' notab.jsonl || fail "--no-tables keeps the text"

# JSONL records carrying html
printf '{"id":"j1","url":"https://example.org/2020/05/06/x","html":"<article>%s<p>JSON page body, long enough to be kept as article text here.</p></article>"}\n' "$P" > pages.jsonl
$WRAP $WINNOW extract pages.jsonl > j.jsonl
grep -q '"id":"j1"' j.jsonl || fail "jsonl id"
grep -q '"date":"2020-05-06"' j.jsonl || fail "date from url"

# WARC: warcinfo, request, response (latin-1 by HTTP header), metadata, conversion
body=$(page "Warc" "<p>Caf$(printf '\351') in the WARC record, a sentence long enough to count as text.</p>")
http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n%s' "$body")
rec() { # type id content-type block
    n=$(printf '%s' "$4" | wc -c)
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://example.org/2022/01/02/%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "$1" "$2" "$2" "$3" "$n" "$4"
}
rec warcinfo w0 application/warc-fields "software: test" > r0
rec request w1 "application/http; msgtype=request" "GET / HTTP/1.1" > r1
rec response w2 "application/http; msgtype=response" "$http" > r2
rec metadata w3 application/warc-fields "fetchTimeMs: 3" > r3
rec conversion w4 text/plain "$(printf 'WET line one\nWET line two')" > r4
cat r0 r1 r2 r3 r4 > crawl.warc
for r in r0 r1 r2 r3 r4; do gzip -c $r; done > crawl.warc.gz
zstd -q -c crawl.warc > crawl.warc.zst
for f in crawl.warc crawl.warc.gz crawl.warc.zst; do
    $WRAP $WINNOW extract $f > w.jsonl || fail "$f: exit status"
    [ "$(wc -l < w.jsonl)" -eq 2 ] || fail "$f: a response and a conversion expected"
    head -1 w.jsonl | grep -q '"id":"urn:uuid:w2"' || fail "$f: id from WARC-Record-ID"
    head -1 w.jsonl | grep -q '"url":"http://example.org/2022/01/02/w2"' || fail "$f: url"
    head -1 w.jsonl | grep -q 'Café in the WARC record' || fail "$f: latin-1 payload"
    head -1 w.jsonl | grep -q '"charset_source":"http"' || fail "$f: charset decision"
    tail -1 w.jsonl | grep -q '"text":"WET line one\\nWET line two"' || fail "$f: WET text"
done

# truncated record and truncated gzip member: exit 3, file/record/byte named
head -c $(( $(wc -c < crawl.warc) - 30 )) crawl.warc > cut.warc
if $WRAP $WINNOW extract cut.warc > c.jsonl 2> c.err; then fail "truncated WARC accepted"; else rc=$?; fi
[ $rc -eq 3 ] || fail "truncated WARC: exit $rc"
grep -q 'cut.warc: record 5 (starting at byte' c.err || { cat c.err >&2; fail "truncated WARC message"; }
[ "$(wc -l < c.jsonl)" -eq 1 ] || fail "records before the cut are kept"
head -c $(( $(wc -c < crawl.warc.gz) - 20 )) crawl.warc.gz > cut.warc.gz
if $WRAP $WINNOW extract cut.warc.gz > /dev/null 2> g.err; then fail "truncated gzip accepted"; fi
grep -q 'truncated gzip member' g.err || { cat g.err >&2; fail "truncated gzip message"; }

# rejects: a page without an article, binary content
printf '<html><body><nav><a href=/a>A</a></nav></body></html>' > empty.html
# seeded bytes: /dev/urandom now and then made a page that is not "not-html"
python3 -c "
import random, sys; random.seed(1)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(3000)))" > noise.html
$WRAP $WINNOW extract empty.html noise.html --rejects rej.jsonl > none.jsonl
[ ! -s none.jsonl ] || fail "nothing should be kept"
grep -q '"reason":"no-article"' rej.jsonl || fail "no-article reject"
grep -q '"reason":"not-html"' rej.jsonl || fail "not-html reject"
$WRAP $WINNOW extract empty.html --fallback > fb.jsonl
grep -q '"extraction":"fallback"' fb.jsonl || fail "fallback marked"

# libxml2 (with ICU and libstdc++) is opened only when HTML is parsed: a
# command that never parses HTML does not load it; extract does.  (Without
# $WRAP: LD_DEBUG would trace valgrind's own loader.)
printf 'hello world\n' > plain.txt
LD_DEBUG=libs $WINNOW clean --langid off plain.txt >/dev/null 2>ld.log || fail "clean plain.txt failed"
! grep -q 'libxml2' ld.log || fail "clean on text loaded libxml2"
LD_DEBUG=libs $WINNOW extract site/one.html >/dev/null 2>ld.log || fail "extract failed"
grep -q 'calling init: .*libxml2' ld.log || fail "extract did not load libxml2 (LD_DEBUG trace)"
# libxml2 missing: extract names it and exits 3; clean rejects the HTML
# record (reason html-parser) and still writes the text record
rc=0
WINNOW_LIBXML2=/nonexistent/libxml2.so.2 $WRAP $WINNOW extract site/one.html >nolib.jsonl 2>nolib.err || rc=$?
[ $rc -eq 3 ] || fail "extract without libxml2: exit status $rc, not 3"
grep -q 'cannot load libxml2 (/nonexistent/libxml2.so.2)' nolib.err || fail "extract without libxml2: no message"
WINNOW_LIBXML2=/nonexistent/libxml2.so.2 $WRAP $WINNOW clean --langid off --rejects nolib.rej site/one.html plain.txt \
    >nolib.jsonl || fail "clean without libxml2 failed"
grep -q '"reason":"html-parser"' nolib.rej || fail "clean without libxml2: HTML record not rejected as html-parser"
grep -q 'hello world' nolib.jsonl || fail "clean without libxml2: text record lost"

AEB_FLOOR=0.96
TRAF_FLOOR=0.92
# scored subset: the first 20 pages of each benchmark (names sorted), F1 above
# the figure measured when this test was written (0.988 and 0.951), minus a margin
command -v python3 >/dev/null || { echo "python3 missing: scored subset skipped"; exit 0; }
[ -d "$SHARED/data/aeb" ] || { echo "no shared data: scored subset skipped"; exit 0; }
mkdir aeb traf
for f in $(ls "$SHARED"/data/aeb/html/*.html.gz | sort | head -20); do cp "$f" aeb/; done
python3 - "$SHARED/data/trafilatura-eval" traf > traf.list <<'PY'
import json, os, shutil, sys
src, dst = sys.argv[1:3]
ev = json.load(open(os.path.join(src, 'evaldata.json'), encoding='utf-8'))
names = sorted(e['file'] for e in ev.values())[:20]
for f in names:
    for d in ('eval', 'cache'):
        p = os.path.join(src, 'html', d, f + '.gz')
        if os.path.exists(p):
            shutil.copy(p, os.path.join(dst, f + '.gz'))
            break
    print(f)
PY
$WRAP $WINNOW extract aeb -o aeb.jsonl
$WRAP $WINNOW extract traf -o traf.jsonl
score=$TESTDIR/../../bench/extract_score.py
a=$(python3 "$score" aeb "$SHARED/data/aeb/ground-truth.json" aeb.jsonl $(ls aeb | sed 's/\.html\.gz$//'))
t=$(python3 "$score" traf "$SHARED/data/trafilatura-eval/evaldata.json" traf.jsonl $(cat traf.list))
echo "aeb subset: $a; trafilatura-eval subset: $t"
python3 -c "import sys; sys.exit(0 if float('${a%% *}') >= $AEB_FLOOR else 1)" || fail "aeb subset F1 ${a%% *} below $AEB_FLOOR"
python3 -c "import sys; sys.exit(0 if float('${t%% *}') >= $TRAF_FLOOR else 1)" || fail "traf subset F1 ${t%% *} below $TRAF_FLOOR"
