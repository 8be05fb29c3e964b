#!/bin/sh
# Quality filters: throughput and decisions.
#  1. MB/s of `winnow clean --threads 1` on the generated corpus
#     (bench/gen_corpus.py, text from ../shared/data) with each preset, and
#     the filter stage's own rate per core, derived from the same run as
#     size / (time with the preset - time with --preset none).
#  2. Documents kept and dropped per first failing rule, per preset, on the
#     aeb ground-truth article bodies and on the seed.
# Every run has --dedup none: --preset fineweb also selects datatrove's
# MinHash, which is not a quality filter.  BASE_BIN=path/to/older/winnow adds
# that binary's figures from the same run (before/after of a change).
#  3. With DATATROVE_SRC=<datatrove checkout at c72b1e4a, FineWeb v1's code>:
#     datatrove's four FineWeb v1 filters against --preset fineweb, document
#     by document, on the same texts (aeb bodies and the seed after winnow's
#     cleaning, --preset none), per rule and for the chain, with the
#     disagreements listed (bench/datatrove_compare.py; Debian's Python:
#     python3-nltk python3-numpy python3-regex python3-fsspec python3-humanize
#     python3-loguru python3-xxhash).
#   SIZE_MB=20 [BASE_BIN=…] sh bench/filters.sh
#   DATATROVE_SRC=/tmp/datatrove SIZE_MB=5 sh bench/filters.sh
#     (also times datatrove's FineWeb v1 chain on 2 MB of the corpus and
#     prints the ratio of --preset fineweb's filter stage to it)
set -eu
SIZE_MB=${SIZE_MB:-20}
. "$(dirname "$0")/corpus.sh"

python3 - "$corpus" "$aeb" "$SHARED/seed/000_bf4be9d8b912a7c1.txt" "${BASE_BIN:-}" <<'PY'
import json, os, resource, subprocess, sys, tempfile, time
corpus, aeb, seed, base_bin = sys.argv[1:5]
size = os.path.getsize(corpus)
RUNS = 5
print(f"corpus: {size/1e6:.1f} MB ({corpus}), 1 thread, best of {RUNS} CPU times (user+sys), the presets' runs alternated")
def cpu_time(binary, args):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "clean", "-q", "--threads", "1", "--dedup", "none"] + args + [corpus],
                   stdout=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
bins = [("build/winnow", "this build")] + ([(base_bin, "BASE_BIN " + base_bin)] if base_bin else [])
presets = [["--preset", "none"], ["--preset", "news"], ["--preset", "fineweb"], ["--preset", "fineweb2"],
           ["--preset", "fineweb", "--annotate"]]
for binary, label in bins:
    print(f" {label}:")
    # "filter stage alone" is the difference of two CPU times, the filter
    # stage a fifth of the pipeline: runs alternated so that a slow spell of
    # the shared machine falls on all presets alike, best of RUNS each
    best = [None] * len(presets)
    for _ in range(RUNS):
        for i, args in enumerate(presets):
            dt = cpu_time(binary, args)
            best[i] = dt if best[i] is None else min(best[i], dt)
    base = best[0]
    print(f"  {'--preset none':28s} {size/1e6/base:8.1f} MB/s (pipeline without filters)")
    for args, t in zip(presets[1:], best[1:]):
        extra = t - base
        rate = f"{size/1e6/extra:8.1f} MB/s per core" if extra > 0.01 else "   (within noise)"
        print(f"  {' '.join(args):28s} {size/1e6/t:8.1f} MB/s; filter stage alone {rate}")
        if binary == "build/winnow" and args == ["--preset", "fineweb"] and extra > 0.01:
            # for the ratio to datatrove's chain printed at the end
            with open(os.path.join(os.path.dirname(corpus), "filters-fineweb-rate.txt"), "w") as f:
                f.write(f"{size/1e6/extra}\n")

def decisions(path, label):
    print(f"\n{label}: first failing rule per preset (kept / dropped)")
    for preset in ("news", "fineweb", "fineweb2"):
        with tempfile.TemporaryDirectory() as d:
            st = os.path.join(d, "st.json")
            subprocess.run(["build/winnow", "clean", "-q", "--preset", preset, "--stats", st, path],
                           stdout=subprocess.DEVNULL, check=True)
            f = json.load(open(st)).get("filter", {})
        rej = ", ".join(f"{k} {v}" for k, v in sorted(f.get("rejected", {}).items(), key=lambda kv: -kv[1]))
        lines = ", ".join(f"{k} {v}" for k, v in f.get("lines_removed", {}).items())
        print(f"  {preset:9s} seen {f.get('seen', 0):4d}  kept {f.get('kept', 0):4d}  dropped: {rej or '-'}"
              + (f"; lines removed: {lines}" if lines else ""))
decisions(aeb, f"aeb ground-truth bodies ({sum(1 for _ in open(aeb))} documents)")
decisions(seed, "seed")
PY

if [ -n "${DATATROVE_SRC:-}" ]; then
    cmp_in=$out/datatrove-docs.jsonl
    { build/winnow clean -q --preset none --justext off "$aeb"
      build/winnow clean -q --preset none --justext off "$SHARED/seed/000_bf4be9d8b912a7c1.txt"; } |
        python3 -c '
import json, sys
for n, l in enumerate(sys.stdin):
    r = json.loads(l)
    print(json.dumps({"id": r.get("id") or "seed-%d" % n, "text": r["text"]}, ensure_ascii=False))' >"$cmp_in"
    # speed: the first 2 MB of the corpus as the filter stage sees it
    speed_in=$out/datatrove-speed.jsonl
    head -c 2000000 "$corpus" | sed '$d' | build/winnow clean -q --threads 1 --preset none --dedup none - |
        python3 -c '
import json, sys
for l in sys.stdin:
    print(json.dumps({"text": json.loads(l)["text"]}, ensure_ascii=False))' >"$speed_in"
    echo
    /usr/bin/python3 "$(dirname "$0")/datatrove_compare.py" "$DATATROVE_SRC" build/winnow "$cmp_in" "$speed_in" |
        tee "$out/datatrove-compare.txt"
    python3 - "$out/filters-fineweb-rate.txt" "$out/datatrove-compare.txt" <<'PY'
import re, sys
w = float(open(sys.argv[1]).read())
m = re.search(r"([0-9.]+) MB/s per core", open(sys.argv[2]).read().split("speed:")[-1])
if m:
    d = float(m.group(1))
    print(f"\n  ratio: winnow's fineweb filter stage {w:.1f} MB/s per core / datatrove's chain {d:.3f} = {w/d:.0f}x")
PY
fi
