#!/usr/bin/env python3
"""bench/dedup_mem_gen.py N SEED OUT: N short JSONL records for the memory
bench (bench/dedup_mem.sh).  Each text is 60 words drawn from a seeded
vocabulary of 50,000 made-up words; 15% of the records are near copies of
an earlier record (1 of the 60 words replaced: Jaccard of word 5-grams about
0.84 when it falls inside) and so are removed.  Cheap to make, nothing committed."""
import json
import random
import sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
letters = "abcdefghijklmnopqrstuvwxyz"
vocab = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(60000)})[:50000]
texts = []
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        if texts and rng.random() < 0.15:
            w = list(rng.choice(texts))
            for _ in range(1):
                w[rng.randrange(len(w))] = rng.choice(vocab)
        else:
            w = rng.choices(vocab, k=60)
        if len(texts) < 20000:
            texts.append(w)
        else:
            texts[rng.randrange(20000)] = w
        words = " ".join(w)
        text = words[:200].capitalize() + ".\n\n" + words[200:] + "."
        f.write(json.dumps({"id": f"m{i}", "text": text}) + "\n")
