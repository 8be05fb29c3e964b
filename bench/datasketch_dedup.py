#!/usr/bin/env python3
"""datasketch as a deduplicator, for bench/dedup_anchor.sh (anchor of issue 5).

  datasketch_dedup.py CLEAN.jsonl OUT.jsonl OUT_ESTJ.jsonl [--simplify] [--batch]

The loop is the one of bench/dedup.sh's DATASKETCH_SRC block, unchanged:
MinHash(num_perm=128) over lower-cased whitespace word 5-grams, one
update() per shingle, MinHashLSH(threshold=0.8, num_perm=128) (9 x 13),
query() then insert() for every document in input order.  The candidate
pairs it returns are then clustered by union-find (connected components, the
usual way of using it; the earliest document of a component is kept, the
others are duplicates) and written in the annotated form of
`winnow dedup --annotate` (meta.dedup.cluster = the kept document's id,
meta.dedup.duplicate) so that bench/dedup_truth scores it like winnow:
  OUT.jsonl       every LSH candidate pair is an edge;
  OUT_ESTJ.jsonl  only candidate pairs whose estimated Jaccard
                  (MinHash.jaccard) is >= 0.8 are edges.
--simplify: the words come from a Python approximation of simplify_text
(quality-rules.md 2.2: lower-case, digit runs with one separator -> 0,
Unicode punctuation and symbols -> space, NFD without Mn), the normalisation
the truth and winnow use, instead of lower().split(): datasketch's MinHash-LSH
measured apart from its tokenisation (a side row, not the bench/dedup.sh loop).
--batch: MinHash.update_batch() with all of a document's shingles instead of
one update() per shingle: the same signatures (so the same output), about
2.5 times less CPU; the faster way of using datasketch.
Prints "CPU_S DOCS TEXT_BYTES CANDIDATE_PAIRS ESTJ_PAIRS VERSION" where CPU_S
is time.process_time() of the read + MinHash + LSH loop (the part bench/
dedup.sh times; the clustering afterwards is not counted)."""
import json
import re
import sys
import time
import unicodedata

NUM = re.compile(r'\d+(?:[.,\u060c\u066b\u2396\u2397\u2398]\d+)?')


def simplify(t):
    t = NUM.sub('0', t.lower())
    t = ''.join(' ' if unicodedata.category(c)[0] in 'PS' else c for c in t)
    t = unicodedata.normalize('NFD', ' '.join(t.split()))
    return ''.join(c for c in t if unicodedata.category(c) != 'Mn').strip()


def main():
    src, out, out_estj = sys.argv[1:4]
    simp = '--simplify' in sys.argv[4:]
    batch = '--batch' in sys.argv[4:]
    import datasketch
    from datasketch import MinHash, MinHashLSH
    t0 = time.process_time()
    docs = [json.loads(line) for line in open(src, encoding='utf-8')]
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    nbytes = 0
    sigs = []
    cands = []  # (i, j) with j an earlier document
    index = {}
    for i, d in enumerate(docs):
        w = simplify(d['text']).split() if simp else d['text'].lower().split()
        nbytes += len(d['text'].encode())
        m = MinHash(num_perm=128)
        if batch:
            m.update_batch([' '.join(w[k:k + 5]).encode() for k in range(max(1, len(w) - 4))])
        else:
            for k in range(max(1, len(w) - 4)):
                m.update(' '.join(w[k:k + 5]).encode())
        for key in lsh.query(m):
            cands.append((i, index[key]))
        lsh.insert(d['id'], m)
        index[d['id']] = i
        sigs.append(m)
    cpu = time.process_time() - t0

    def components(edges):
        parent = list(range(len(docs)))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for a, b in edges:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the root is the earliest document
        return [find(i) for i in range(len(docs))]

    def write(path, roots):
        with open(path, 'w', encoding='utf-8') as f:
            for i, d in enumerate(docs):
                r = roots[i]
                f.write(json.dumps({'id': d['id'], 'meta': {'dedup': {
                    'cluster': docs[r]['id'], 'duplicate': r != i}}}) + '\n')

    estj = [(a, b) for a, b in cands if sigs[a].jaccard(sigs[b]) >= 0.8]
    write(out, components(cands))
    write(out_estj, components(estj))
    print(f'{cpu:.3f} {len(docs)} {nbytes} {len(cands)} {len(estj)} {datasketch.__version__}')


if __name__ == '__main__':
    main()
