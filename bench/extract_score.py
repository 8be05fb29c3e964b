#!/usr/bin/env python3
"""Scores `winnow extract` output with the two metrics of
shared/specs/extraction-reference.md.

  extract_score.py aeb GROUND_TRUTH.json OUTPUT.jsonl [IDS...]
  extract_score.py traf EVALDATA.json OUTPUT.jsonl [FILES...]

Record ids are the input paths; the page key is the file name without
.html.gz / .gz.  With a list of ids only those pages are scored (missing
output counts as empty text).  Prints "f1 P R pages"."""
import json, re, sys, os

def key_of(rid, strip_html):
    b = os.path.basename(rid)
    if b.endswith('.gz'):
        b = b[:-3]
    if strip_html and b.endswith('.html'):
        b = b[:-5]
    return b

def load(out, strip_html):
    texts = {}
    with open(out, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                texts[key_of(r['id'], strip_html)] = r.get('text') or ''
    return texts

WORD = re.compile(r'\w+')

def shingles(t):
    w = WORD.findall(t)
    return set(tuple(w[i:i + 4]) for i in range(max(0, len(w) - 3))) if len(w) >= 4 else ({tuple(w)} if w else set())

def aeb(gt_path, out, only):
    gt = json.load(open(gt_path, encoding='utf-8'))
    texts = load(out, True)
    keys = [k for k in gt if not only or k in only]
    ps, rs = [], []
    for k in keys:
        g = shingles(gt[k]['articleBody'])
        o = shingles(texts.get(k, ''))
        inter = len(g & o)
        # an empty side: precision/recall of 1 when both are empty, else 0
        p = inter / len(o) if o else (1.0 if not g else 0.0)
        r = inter / len(g) if g else (1.0 if not o else 0.0)
        ps.append(p)
        rs.append(r)
    P = sum(ps) / len(ps)
    R = sum(rs) / len(rs)
    return (2 * P * R / (P + R) if P + R else 0.0), P, R, len(keys)

def norm(s):
    return ' '.join(s.split())

def traf(ev_path, out, only):
    ev = json.load(open(ev_path, encoding='utf-8'))
    texts = load(out, False)
    tp = fn = fp = tn = 0
    n = 0
    for url, e in ev.items():
        f = e['file']
        if only and f not in only:
            continue
        n += 1
        t = norm(texts.get(f, ''))
        for s in e['with']:
            if norm(s) in t:
                tp += 1
            else:
                fn += 1
        for s in e['without']:
            if norm(s) in t:
                fp += 1
            else:
                tn += 1
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return (2 * P * R / (P + R) if P + R else 0.0), P, R, n

if __name__ == '__main__':
    kind, ref, out = sys.argv[1:4]
    only = set(sys.argv[4:])
    f1, P, R, n = (aeb if kind == 'aeb' else traf)(ref, out, only)
    print('%.3f %.3f %.3f %d' % (f1, P, R, n))
