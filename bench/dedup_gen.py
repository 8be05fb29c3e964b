# dedup_gen.py N SEED OUT: the synthetic dedup corpus of bench/dedup.sh
# (dedup-reference.md): N documents of ~3 KB made of real sentences from
# ../shared/data (aeb article bodies, UDHR translations); 70% originals,
# 20% near-duplicates of an original (0-2.5% word substitution, 0-1%
# deletion, an inserted sentence, truncation, surface noise: case,
# punctuation, spacing), 10% sharing templated boilerplate (a header and a
# footer of ~1 KB around their own text).  Seeded; nothing is committed.
import json, os, random, re, sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
shared = os.environ.get("SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
rnd = random.Random(seed)
sents = []
gt = json.load(open(os.path.join(shared, "data/aeb/ground-truth.json"), encoding="utf-8"))
for v in gt.values():
    for p in v["articleBody"].split("\n"):
        for s in re.split(r"(?<=[.!?])\s+", p.strip()):
            if len(s.split()) >= 6:
                sents.append(s)
for f in ("udhr_long.tsv", "udhr_short.tsv"):
    for line in open(os.path.join(shared, "data/lid", f), encoding="utf-8"):
        parts = line.rstrip("\n").split("\t", 1)
        if len(parts) == 2 and len(parts[1].split()) >= 6:
            sents.append(parts[1])
sents = sorted(set(sents))

def body(target=3000):
    out, size = [], 0
    while size < target:
        s = rnd.choice(sents)
        out.append(s)
        size += len(s) + 1
    paras, i = [], 0
    while i < len(out):
        k = rnd.randint(2, 5)
        paras.append(" ".join(out[i:i + k]))
        i += k
    return "\n".join(paras)

def noise_word(w):
    r = rnd.random()
    if r < 0.3:
        return w.upper()
    if r < 0.6:
        return w + rnd.choice([",", ".", "!", ";", ":"])
    return w.capitalize()

def near(text):
    words = text.replace("\n", " \n ").split(" ")
    idx = [i for i, w in enumerate(words) if w and w != "\n"]
    nw = len(idx)
    for i in rnd.sample(idx, int(nw * rnd.uniform(0, 0.025))):          # substitution
        words[i] = rnd.choice(rnd.choice(sents).split())
    dele = set(rnd.sample(idx, int(nw * rnd.uniform(0, 0.01))))          # deletion
    words = [w for i, w in enumerate(words) if i not in dele]
    if rnd.random() < 0.5:                                               # insertion
        at = rnd.randrange(len(words))
        words[at:at] = rnd.choice(sents).split()
    if rnd.random() < 0.4:                                               # truncation
        words = words[: int(len(words) * rnd.uniform(0.9, 1.0))]
    if rnd.random() < 0.7:                                               # surface noise
        for i in rnd.sample(range(len(words)), min(len(words), rnd.randint(1, 30))):
            if words[i] not in ("", "\n"):
                words[i] = noise_word(words[i])
    t = " ".join(words).replace(" \n ", "\n")
    return re.sub(r" {2,}", lambda m: " " * rnd.randint(1, 3), t)

templates = []
for t in range(12):
    head = " ".join(rnd.choice(sents) for _ in range(4))
    foot = " ".join(rnd.choice(sents) for _ in range(4))
    templates.append((head, foot))

docs = []
n_orig = int(n * 0.7)
n_near = int(n * 0.2)
n_tmpl = n - n_orig - n_near
for i in range(n_orig):
    docs.append({"id": f"o{i}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": body()})
for i in range(n_near):
    src = docs[rnd.randrange(n_orig)]
    docs.append({"id": f"n{i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "src": src["id"],
                 "text": near(src["text"])})
for i in range(n_tmpl):
    h, f = templates[rnd.randrange(len(templates))]
    docs.append({"id": f"t{i}", "date": "2024-06-01", "text": h + "\n" + body(1800) + "\n" + f})
rnd.shuffle(docs)
with open(out, "w", encoding="utf-8") as fo:
    for d in docs:
        d.pop("src", None)
        fo.write(json.dumps(d, ensure_ascii=False) + "\n")
