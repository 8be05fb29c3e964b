#!/usr/bin/env python3
"""Builds a JSONL news-like corpus of at least SIZE_MB from the real text in
../shared/data (aeb article bodies and UDHR sentences), with the defects
winnow removes: timestamp lines, credits, calls to action, repeated blocks.
Seeded, so every run builds the same corpus.  Not committed: made at bench time."""
import json, random, sys, os

def main():
    shared, out, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    random.seed(20251127)
    news, udhr = [], []
    gt = json.load(open(os.path.join(shared, "data/aeb/ground-truth.json"), encoding="utf-8"))
    for v in gt.values():
        news += [p.strip() for p in v.get("articleBody", "").split("\n") if len(p.strip()) > 40]
    for name in ("udhr_long.tsv", "udhr_short.tsv"):
        for line in open(os.path.join(shared, "data/lid", name), encoding="utf-8"):
            if "\t" in line:
                udhr.append(line.split("\t", 1)[1].strip())
    # Mostly news paragraphs (the aeb article bodies), a fifth multilingual
    # UDHR text in 132 languages and many scripts.
    def para():
        return random.choice(udhr) if random.random() < 0.2 else random.choice(news)
    boiler = ["Abone ol", "Subscribe to our newsletter", "Подписывайтесь на наш Telegram-канал!",
              "© Sputnik / Vladimir Astapkovich", "Фото: Reuters", "Photo: AP", "Share", "Read more",
              "13:05 27.10.2025 (güncellendi: 13:08 27.10.2025)", "Читайте также:"]
    target = int(size_mb * 1e6)
    written = 0
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            k = random.randint(3, 14)
            body = [para() for _ in range(k)]
            if random.random() < 0.5:
                body.insert(0, random.choice(boiler))
            if random.random() < 0.3:
                body.insert(random.randint(0, len(body)), random.choice(boiler))
            if random.random() < 0.25:
                i = random.randint(0, len(body) - 1)
                body += body[i:i + 3]            # a block scraped twice
            rec = {"id": f"doc{n}", "url": f"https://news.example/{n}", "text": "\n".join(body)}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{out}: {n} records, {written / 1e6:.1f} MB", file=sys.stderr)

main()
