#!/bin/sh
# Filter-stage CPU time, A/B: build/winnow against BASE_BIN (an older
# build), runs alternating old/new, `perf stat -e task-clock` per run, the
# minimum of ROUNDS per binary and preset; the filter stage alone is the
# preset's time minus --preset none's (same binary), as in filters.sh.
#   BASE_BIN=/tmp/base/bin/winnow SIZE_MB=5 ROUNDS=7 sh bench/filters_ab.sh
set -eu
SIZE_MB=${SIZE_MB:-5}
ROUNDS=${ROUNDS:-7}
. "$(dirname "$0")/corpus.sh"
: "${BASE_BIN:?set BASE_BIN to the baseline winnow binary}"
command -v perf >/dev/null || { echo "perf not found" >&2; exit 1; }
python3 - "$corpus" "$BASE_BIN" "$ROUNDS" <<'PY'
import os, subprocess, sys
corpus, base, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = os.path.getsize(corpus) / 1e6
bins = {"base": base, "new": "build/winnow"}
presets = [["--preset", "none"], ["--preset", "news"], ["--preset", "fineweb"], ["--preset", "fineweb2"],
           ["--preset", "fineweb", "--annotate"]]
def run(binary, args):
    r = subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", binary, "clean", "-q", "--threads", "1",
                        "--dedup", "none"] + args + [corpus], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    for line in r.stderr.splitlines():
        f = line.split(",")
        if len(f) > 2 and f[2].startswith("task-clock"):
            return float(f[0]) / 1000  # msec -> s
    raise SystemExit("no task-clock in perf output:\n" + r.stderr)
best = {}
for _ in range(rounds):
    for args in presets:
        for side in ("base", "new"):  # alternating
            t = run(bins[side], args)
            k = (side, " ".join(args))
            best[k] = min(best.get(k, t), t)
print(f"corpus {size:.1f} MB ({corpus}), 1 thread, task-clock, min of {rounds} alternating runs")
print(f"  {'':28s} {'base s':>8s} {'new s':>8s} | filter stage alone MB/s per core: {'base':>6s} {'new':>6s} {'new/base':>8s}")
for args in presets:
    a = " ".join(args)
    tb, tn = best[("base", a)], best[("new", a)]
    if args[1] == "none":
        print(f"  {a:28s} {tb:8.3f} {tn:8.3f} | (pipeline without filters: {size/tb:.1f} / {size/tn:.1f} MB/s)")
        continue
    fb = tb - best[("base", "--preset none")]
    fn = tn - best[("new", "--preset none")]
    rb, rn = size / fb, size / fn
    print(f"  {a:28s} {tb:8.3f} {tn:8.3f} | {'':32s} {rb:6.1f} {rn:6.1f} {rn/rb:7.2f}x")
PY
