# gen_dedup.py N SEEDFILE OUT: a small corpus for the dedup CLI tests, the
# same on every run (sorted word list, fixed seed).  Sources: random word
# sequences from the seed file's words (distinct sources share almost no
# 5-grams).  For every 4th source a near copy, id "n<i>", dated a month
# EARLIER than its source, with 1% of its words substituted (J ~ 0.9, where
# 20 x 7 LSH misses a pair with probability ~1e-5); for every 6th an exact
# copy after simplify_text (ASCII upper-cased, punctuation and spaces
# added, no date), id "x<i>".  Writes truth.tsv: copy id, source id, J.
import json, random, re, sys
n = int(sys.argv[1]); words = open(sys.argv[2], encoding="utf-8").read().split()
words = sorted(w for w in {re.sub(r"\W", "", w.lower()) for w in words} if w.isalpha())
random.seed(11)
def shingles(t, k=5):
    w = t.lower().split()
    return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}
recs, truth = [], []
for i in range(n):
    src = [random.choice(words) for _ in range(random.randint(150, 400))]
    text = " ".join(src)
    recs.append({"id": f"s{i}", "date": f"2024-02-{1 + i % 27:02d}", "text": text})
    if i % 4 == 1:
        cp = list(src)
        for k in random.sample(range(len(cp)), max(1, len(cp) // 100)):
            cp[k] = "zzq" + str(k)
        ct = " ".join(cp)
        a, b = shingles(text), shingles(ct)
        truth.append((f"n{i}", f"s{i}", len(a & b) / len(a | b)))
        recs.append({"id": f"n{i}", "date": f"2024-01-{1 + i % 27:02d}", "text": ct})
    if i % 6 == 3:
        # upper-case ASCII only: "ı".upper().lower() is "i", not a copy
        up = "".join(c.upper() if c.isascii() else c for c in text)
        recs.append({"id": f"x{i}", "text": up.replace(" ", ",  ", 3) + "!"})
        truth.append((f"x{i}", f"s{i}", 1.0))
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open("truth.tsv", "w") as f:
    for t in truth:
        f.write("%s\t%s\t%.4f\n" % t)
