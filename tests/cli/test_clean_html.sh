#!/bin/sh
# winnow clean on HTML files and WARC files: the extract stage turns pages
# into articles before normalisation and cleaning (issue 6).
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
P='<p>The council voted on Tuesday to approve the new budget, which raises spending on schools, roads and parks by four percent over last year.</p><p>Opponents said the plan, drawn up in a hurry, leaves the city exposed if tax revenue falls, and they promised to bring it back next spring.</p>'
printf '<html lang="en"><head><title>Budget</title><meta name="author" content="Jane Roe"></head><body><nav><a href="/">Home</a> <a href="/x">Sport</a></nav><article>%s</article><footer>Footer text</footer></body></html>' "$P" > page.html
$WRAP $WINNOW clean page.html > out.jsonl
[ "$(wc -l < out.jsonl)" -eq 1 ] || fail "one record expected"
grep -q '"id":"page"' out.jsonl || fail "id from the file name"
grep -q '"title":"Budget"' out.jsonl || fail "title"
grep -q '"author":"Jane Roe"' out.jsonl || fail "author"
grep -q 'The council voted' out.jsonl || fail "article text"
grep -q 'Sport' out.jsonl && fail "navigation leaked"
grep -q '"html_lang":"en"' out.jsonl || fail "meta from the extractor"

# a WARC with a request, a response and a metadata record, gzip per record
http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article>%s</article></body></html>' "$P")
rec() {
    n=$(printf '%s' "$4" | wc -c)
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://example.org/2022/01/02/%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "$1" "$2" "$2" "$3" "$n" "$4"
}
{ rec request q1 "application/http; msgtype=request" "GET / HTTP/1.1" | gzip
  rec response r1 "application/http; msgtype=response" "$http" | gzip
  rec metadata m1 application/warc-fields "fetchTimeMs: 3" | gzip; } > crawl.warc.gz
$WRAP $WINNOW clean crawl.warc.gz > w.jsonl
[ "$(wc -l < w.jsonl)" -eq 1 ] || fail "one response expected"
grep -q '"id":"urn:uuid:r1"' w.jsonl || fail "WARC-Record-ID as id"
grep -q '"url":"http://example.org/2022/01/02/r1"' w.jsonl || fail "url"
grep -q '"date":"2022-01-02"' w.jsonl || fail "date from the url"
grep -q 'Opponents said' w.jsonl || fail "article text"
# the extractor's flags work through clean: a page with no article is
# rejected (no-article), or kept whole with --fallback
printf '<html><body><nav>Home News Sport</nav><p>Short.</p></body></html>' > noart.html
$WRAP $WINNOW clean --langid off --rejects noart.rej noart.html > noart.jsonl
[ ! -s noart.jsonl ] && grep -q '"reason":"no-article"' noart.rej || fail "page without an article not rejected"
$WRAP $WINNOW clean --langid off --fallback noart.html > fb.jsonl
grep -q '"extraction":"fallback"' fb.jsonl || fail "--fallback through clean"
