"""Document-by-document agreement of winnow's `--preset fineweb` filters with
datatrove's, on the texts given (JSONL, "id" and "text").  Run by
bench/filters.sh when DATATROVE_SRC is set, with Debian's Python
(/usr/bin/python3 and python3-nltk, python3-numpy, python3-regex,
python3-fsspec, python3-humanize, python3-loguru):

  /usr/bin/python3 bench/datatrove_compare.py DATATROVE_SRC WINNOW DOCS.jsonl [SPEED.jsonl]

With SPEED.jsonl (texts as the filter stage sees them), it also times
datatrove's FineWeb v1 chain on them (CPU seconds of this process, one
core) and prints its MB/s, the anchor for bench/filters.sh's figure.

DATATROVE_SRC is a datatrove checkout (its src/ is put on sys.path; nothing
of it is copied here).  FineWeb v1 ran datatrove of April-May 2024: check out
c72b1e4a there (2024-05-02, the last commit before the tokenizer migration;
quality-rules.md §0, §3.3, §6.2), whose filters are FineWeb v1's
(NLTK word_tokenize, stop words counted per token, the v1 FineWeb filter).
Filters run one by one on the same text, with FineWeb v1's arguments
(quality-rules.md §6.3): GopherRepetitionFilter(), GopherQualityFilter(),
C4QualityFilter(filter_no_terminal_punct=False), FineWebQualityFilter().
winnow runs the same family alone (`--preset fineweb` with the other
families off in a --config file) and its reject reason is compared with the
first failing rule datatrove returns.

Shims, all outside datatrove's code:
- huggingface_hub is not packaged by Debian: an empty module stands in (the
  four filters do not use it; datatrove.io imports it).
- NLTK's Punkt models (nltk_data) are not packaged and not reachable: the
  English Punkt model is replaced by an untrained PunktSentenceTokenizer
  (same algorithm, no learnt abbreviations/collocations).  word_tokenize
  (Treebank) itself needs no data."""
import json, os, subprocess, sys, tempfile, types
from collections import Counter, defaultdict

src, winnow, docs_path = sys.argv[1:4]
speed_path = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, os.path.join(src, "src"))
class _Stub(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *a, **k: None})
for _m in ("huggingface_hub", "huggingface_hub.errors", "huggingface_hub.utils"):
    sys.modules[_m] = _Stub(_m)
import nltk.tokenize
from nltk.tokenize.punkt import PunktSentenceTokenizer
_punkt = PunktSentenceTokenizer()
nltk.tokenize.load = lambda *a, **k: _punkt
nltk.tokenize._get_punkt_tokenizer = lambda language="english": _punkt

from datatrove.data import Document
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.c4_filters import C4QualityFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter

FAMILIES = [
    ("gopher_repetition", lambda: GopherRepetitionFilter()),
    ("gopher_quality", lambda: GopherQualityFilter()),
    ("c4_quality", lambda: C4QualityFilter(filter_no_terminal_punct=False)),
    ("fineweb_quality", lambda: FineWebQualityFilter()),
]
# rules that depend on a word or sentence tokenizer (NLTK in FineWeb v1,
# winnow's spaCy-like tokenizer): agreement is expected only for the others
TOKENIZED = {"top_2_gram", "top_3_gram", "top_4_gram"} | {f"duplicated_{n}_n_grams" for n in range(5, 11)} \
    | {"gopher_short_doc", "gopher_long_doc", "gopher_below_avg_threshold", "gopher_above_avg_threshold",
       "gopher_too_many_hashes", "gopher_too_many_ellipsis", "gopher_below_alpha_threshold",
       "gopher_enough_stop_words", "too_few_sentences", "list_ratio"}

docs = [json.loads(l) for l in open(docs_path, encoding="utf-8")]
ids = [d["id"] for d in docs]


def norm(reason):
    return None if reason is None else reason[3:] if reason.startswith("c4_") else reason


def datatrove(family):
    f = dict(FAMILIES)[family]()
    out = {}
    for d in docs:
        r = f.filter(Document(text=d["text"], id=d["id"]))
        out[d["id"]] = None if r is True else (r[1] if isinstance(r, tuple) else "dropped")
    return out


def winnow_family(family, tmp):
    conf = os.path.join(tmp, family + ".conf")
    with open(conf, "w") as c:
        c.write("preset = fineweb\n")
        for fam, _ in FAMILIES:
            c.write(f"{fam} = {'on' if fam == family else 'off'}\n")
    rj = os.path.join(tmp, family + ".rejects.jsonl")
    subprocess.run([winnow, "clean", "-q", "--threads", "1", "--config", conf, "--rejects", rj, docs_path],
                   stdout=subprocess.DEVNULL, check=True)
    out = {i: None for i in ids}
    for l in open(rj, encoding="utf-8"):
        r = json.loads(l)
        out[r["id"]] = r.get("reason")
    return out


print(f"datatrove {src} vs {winnow}: {len(docs)} documents, --preset fineweb, one filter family at a time")
total_agree = total = 0
disagreements = []
with tempfile.TemporaryDirectory() as tmp:
    for family, _ in FAMILIES:
        dt, wn = datatrove(family), winnow_family(family, tmp)
        agree = sum(norm(dt[i]) == norm(wn[i]) for i in ids)
        keep_agree = sum((dt[i] is None) == (wn[i] is None) for i in ids)
        total_agree += agree
        total += len(ids)
        print(f"\n  {family:18s} same decision and rule {agree}/{len(ids)} ({agree/len(ids):.1%}); "
              f"same keep/drop {keep_agree}/{len(ids)} ({keep_agree/len(ids):.1%}); "
              f"datatrove drops {sum(v is not None for v in dt.values())}, winnow {sum(v is not None for v in wn.values())}")
        rules = Counter()
        per = defaultdict(lambda: [0, 0, 0])  # both, datatrove only, winnow only
        for i in ids:
            a, b = norm(dt[i]), norm(wn[i])
            for r in {a, b} - {None}:
                per[r][0 if a == b else 1 if r == a else 2] += 1
            if a != b:
                disagreements.append((family, i, dt[i], wn[i]))
        for r, (both, dto, wno) in sorted(per.items()):
            n_agree = len(ids) - dto - wno
            tag = "tokenizer" if r in TOKENIZED else "no tokenizer"
            print(f"    {r:30s} agree {n_agree}/{len(ids)} ({n_agree/len(ids):6.1%})  both drop {both:3d}  "
                  f"datatrove only {dto:3d}  winnow only {wno:3d}  [{tag}]")
print(f"\n  all families: {total_agree}/{total} ({total_agree/max(total,1):.1%}) same decision and rule")

# The FineWeb v1 chain in its order (C4 rewrites the text the FineWeb filter
# sees) against `winnow clean --preset fineweb`: first failing rule, and the
# text of the documents both keep.
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.jsonl")
    rj = os.path.join(tmp, "rj.jsonl")
    subprocess.run([winnow, "clean", "-q", "--threads", "1", "--preset", "fineweb", "--rejects", rj,
                    "--output", out, docs_path], stdout=subprocess.DEVNULL, check=True)
    wn = {i: None for i in ids}
    for l in open(rj, encoding="utf-8"):
        r = json.loads(l)
        wn[r["id"]] = r.get("reason")
    wtext = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(out, encoding="utf-8")}
chain = [f() for _, f in FAMILIES]
agree = same_text = both_kept = 0
for d in docs:
    doc = Document(text=d["text"], id=d["id"])
    reason = None
    for f in chain:
        r = f.filter(doc)
        if r is not True:
            reason = r[1] if isinstance(r, tuple) else "dropped"
            break
    if norm(reason) == norm(wn[d["id"]]):
        agree += 1
    else:
        disagreements.append(("chain", d["id"], reason, wn[d["id"]]))
    if reason is None and wn[d["id"]] is None:
        both_kept += 1
        if wtext.get(d["id"]) == doc.text:
            same_text += 1
        else:
            disagreements.append(("chain text", d["id"], "C4-rewritten text differs", ""))
print(f"  FineWeb v1 chain (repetition, quality, C4, FineWeb): same decision and rule {agree}/{len(ids)} "
      f"({agree/len(ids):.1%}); same output text {same_text}/{both_kept} documents both keep")
if disagreements:
    print("\n  disagreements (family, id, datatrove, winnow):")
    for fam, i, a, b in disagreements:
        print(f"    {fam:18s} {i[:16]:16s} {a or 'keep':30s} {b or 'keep'}")

if speed_path:
    # datatrove's chain on the speed texts, as FineWeb v1 ran it: each
    # document through the filters in order until one drops it
    import time
    texts = [json.loads(l)["text"] for l in open(speed_path, encoding="utf-8")]
    size = sum(len(t.encode("utf-8")) for t in texts)
    chain = [f() for _, f in FAMILIES]
    t0 = time.process_time()
    kept = 0
    for n, t in enumerate(texts):
        doc = Document(text=t, id=str(n))
        kept += all(f.filter(doc) is True for f in chain)
    dt = time.process_time() - t0
    print(f"\n  speed: datatrove's FineWeb v1 chain on {len(texts)} documents, {size/1e6:.2f} MB: "
          f"{dt:.2f} CPU s, {size/1e6/dt:.3f} MB/s per core ({kept} kept)")
