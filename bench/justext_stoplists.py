#!/usr/bin/env python3
"""Stop-word densities as jusText computes them (quality-rules.md §10.2:
words = str.split(), a word counts when word.lower() is in the lower-cased
stoplist), per candidate list and language, on real text:
  - the seed (Turkish news, one paragraph a line),
  - the aeb ground-truth article bodies (paragraphs = lines), grouped by the
    language winnow's langid gives them (run winnow first, see below),
  - the UDHR paragraphs of ../shared/data/lid/udhr_long.tsv.
Only paragraphs of >= 70 code points count (shorter ones are "short" for
jusText whatever their density).  Prints, per source and language: paragraphs,
mean density, and the share at >= 0.30 (near-good or better) and >= 0.32.
  python3 bench/justext_stoplists.py LISTDIR AEB_LANGID_JSONL [SHARED]
LISTDIR holds <source>.<lang>.txt files (one word a line); the second
argument is the output of `winnow clean --preset none --justext off` on the
aeb bodies (records with "lang" and "text")."""
import collections, glob, json, os, sys

listdir, aeb = sys.argv[1], sys.argv[2]
shared = sys.argv[3] if len(sys.argv) > 3 else "../shared"
LANGS = ["tr", "ru", "en", "de", "fr", "es", "ar"]

texts = collections.defaultdict(lambda: collections.defaultdict(list))  # corpus -> lang -> paras
for line in open(os.path.join(shared, "seed/000_bf4be9d8b912a7c1.txt"), encoding="utf-8"):
    texts["seed"]["tr"].append(line.strip())
for line in open(aeb, encoding="utf-8"):
    r = json.loads(line)
    if r.get("lang") in LANGS:
        texts["aeb"][r["lang"]].extend(p.strip() for p in r["text"].split("\n"))
for line in open(os.path.join(shared, "data/lid/udhr_long.tsv"), encoding="utf-8"):
    lab, _, t = line.rstrip("\n").partition("\t")
    lang = lab.replace("__label__", "")
    if lang in LANGS:
        texts["udhr"][lang].append(t.strip())

lists = {}
for path in sorted(glob.glob(os.path.join(listdir, "*.txt"))):
    src, lang = os.path.basename(path)[:-4].rsplit(".", 1)
    lists[(src, lang)] = {w.strip().lower() for w in open(path, encoding="utf-8") if w.strip()}

print(f"{'list':22s} {'lang':4s} {'words':>6s}  {'corpus':6s} {'paras':>5s} {'mean':>5s} {'>=.30':>6s} {'>=.32':>6s}")
for lang in LANGS:
    for (src, l), sl in sorted(lists.items()):
        if l != lang:
            continue
        for corpus in ("seed", "aeb", "udhr"):
            paras = [p for p in texts[corpus].get(lang, []) if len(p) >= 70]
            if not paras:
                continue
            ds = []
            for p in paras:
                ws = p.split()
                ds.append(sum(1 for w in ws if w.lower() in sl) / len(ws))
            n = len(ds)
            print(f"{src:22s} {lang:4s} {len(sl):6d}  {corpus:6s} {n:5d} {sum(ds)/n:5.2f} "
                  f"{sum(d >= 0.30 for d in ds)/n:6.0%} {sum(d >= 0.32 for d in ds)/n:6.0%}")
