#!/usr/bin/env python3
"""The anchor for bench/clean.sh: what a Python pipeline does for the same
steps with the standard library (json, unicodedata NFC, whitespace, exact
repeated-paragraph removal, a few boilerplate regexes), one process.  It is
a floor that Python pipelines (datatrove, trafilatura's cleaners) do not
beat per core; winnow must be far above it."""
import json, re, sys, unicodedata

boiler = re.compile(r"^(?:abone ol|subscribe.*|share|read more|©.*|фото:.*|photo:.*|читайте также:?|"
                    r"\d{1,2}:\d{2} \d{1,2}\.\d{1,2}\.\d{4}.*)$", re.I)
ws = re.compile(r"\s+")
key = re.compile(r"[\W_]+")

def clean(text):
    out, seen = [], set()
    for line in unicodedata.normalize("NFC", text).splitlines():
        line = ws.sub(" ", line).strip()
        if not line or boiler.match(line):
            continue
        k = key.sub(" ", line.lower()).strip()
        if k in seen:
            continue
        seen.add(k)
        out.append(line)
    return "\n".join(out)

w = sys.stdout.write
for raw in sys.stdin:
    r = json.loads(raw)
    r["text"] = clean(r["text"])
    if r["text"]:
        w(json.dumps(r, ensure_ascii=False) + "\n")
