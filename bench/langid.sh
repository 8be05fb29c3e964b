#!/bin/sh
# bench/langid.sh: winnow's language identification beside the fastText CLI
# (Debian `fasttext predict-prob`, the anchor), both measured in this run.
#   sh bench/langid.sh [BUILD]        (default build/; needs python3, fasttext)
# Prints: identical-output share, lines/s and MB/s (one thread, CPU time,
# best of $RUNS runs, the engines' runs alternated, model loading included for both), accuracy plain /
# pipeline-normalised / ALL CAPS, mixed paragraphs (caption found as a
# span), and the wall-clock speed-up of `winnow clean` from 1 to 2 threads.  Data: ../shared/data/lid (UDHR), each set read
# once per run (no repeated copies, which would flatter winnow's token memo).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
W="$top/$build/winnow"
M="$top/data/models/lid.176.ftz"
D=${LID_DATA:-$top/../shared/data/lid}
RUNS=${RUNS:-10}
[ -x "$W" ] || { echo "build winnow first (make)"; exit 1; }
[ -f "$M" ] || { echo "$M missing: sh tools/fetch-model.sh"; exit 1; }
command -v fasttext >/dev/null || { echo "the fasttext CLI is needed (apt-get install fasttext)"; exit 1; }
mkdir -p "$top/bench/out"
# CLD2 with its full tables (160+ languages; libcld2_full must come first)
CLD2=
if [ -f /usr/include/cld2/public/compact_lang_det.h ] && command -v g++ >/dev/null &&
    g++ -O2 -o "$top/bench/out/cld2_lid" "$top/bench/cld2_lid.cc" -Wl,--no-as-needed -lcld2_full -lcld2 2>/dev/null; then
    CLD2=$top/bench/out/cld2_lid
fi
exec python3 - "$W" "$M" "$D" "$RUNS" "$top/bench/out" "$CLD2" <<'PY'
import os, random, subprocess, sys, time
W, M, D, RUNS, OUT, CLD2 = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
# CLD2's codes where lid.176 has another label for the language
CLD2_TO_LID = {'iw': 'he', 'jw': 'jv', 'zh-Hant': 'zh', 'nb': 'no'}

def load(name):
    gold, text = [], []
    for l in open(os.path.join(D, name), encoding='utf-8'):
        g, t = l.rstrip('\n').split('\t', 1)
        gold.append(g); text.append(t)
    return gold, text

def write(path, lines):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(''.join(l + '\n' for l in lines))
    return path

def run(cmd, inp):
    with open(inp, 'rb') as f:
        return subprocess.run(cmd, stdin=f, stdout=subprocess.PIPE, check=True).stdout.decode('utf-8', 'replace').split('\n')[:-1]

def best(cmds, inp, runs):
    """Best wall-clock time of runs of each command, their runs alternated."""
    t = [1e9] * len(cmds)
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            with open(inp, 'rb') as f:
                s = time.perf_counter()
                subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, check=True)
                t[i] = min(t[i], time.perf_counter() - s)
    return t

def best_cpu(cmd, inp, runs):
    """Best CPU time (user + system) of runs: one-thread speed that the
    other jobs of a shared machine disturb far less than wall-clock time."""
    return best_cpus([cmd], inp, runs)[0]

def best_cpus(cmds, inp, runs):
    """best_cpu of each command, their runs alternated, so that a slow spell
    of the shared machine falls on all of them alike."""
    import resource
    t = [1e9] * len(cmds)
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            with open(inp, 'rb') as f:
                subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, check=True)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t[i] = min(t[i], r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return t

FT = lambda k, *a: ['fasttext', 'predict-prob', M, '-', str(k)] + list(a)
WN = lambda *a: [W, 'langid'] + list(a)
sets = {}
for name in ('short', 'long'):
    gold, text = load('udhr_%s.tsv' % name)
    sets[name] = (gold, text, write(os.path.join(OUT, 'lid_%s.txt' % name), text),
                  write(os.path.join(OUT, 'lid_%s_caps.txt' % name), [t.upper() for t in text]))

print('# winnow langid vs fasttext predict-prob (lid.176.ftz), %s' % time.strftime('%Y-%m-%d %H:%M'))
print('\n## identical output (winnow langid vs fasttext predict-prob)')
for name, (gold, text, path, caps) in sets.items():
    for k in (1, 5):
        a, b = run(FT(k), path), run(WN('-k', str(k)), path)
        same = sum(x == y for x, y in zip(a, b)) if len(a) == len(b) else 0
        print('%-6s k=%d  %d / %d lines identical (%.2f%%)' % (name, k, same, len(a), 100.0 * same / len(a)))

print('\n## speed, one thread, CPU time (user + sys), best of %d runs, model load included%s' % (
    RUNS, '' if CLD2 else '; CLD2 not run (apt-get install libcld2-dev g++)'))
print('%-6s %-9s %10s %8s %10s' % ('set', 'engine', 'lines/s', 'MB/s', 'ratio'))
for name, (gold, text, path, caps) in sets.items():
    n, size = len(text), os.path.getsize(path)
    tf, tw = best_cpus([FT(1), WN()], path, RUNS)
    print('%-6s %-9s %10.0f %8.1f' % (name, 'fasttext', n / tf, size / tf / 1e6))
    print('%-6s %-9s %10.0f %8.1f %9.2fx' % (name, 'winnow', n / tw, size / tw / 1e6, tf / tw))
    tl, tfl = best_cpus([WN(), FT(1)], os.devnull, RUNS)
    print('%-6s %-9s %10.0f %8.1f %9.2fx   (each engine\'s empty-input run subtracted: winnow %.1f ms, fasttext %.1f ms)' % (
        name, 'w/o load', n / (tw - tl), size / (tw - tl) / 1e6, (tf - tfl) / (tw - tl), tl * 1e3, tfl * 1e3))
    if CLD2:
        tc = best_cpu([CLD2], path, RUNS)
        print('%-6s %-9s %10.0f %8.1f %9.2fx   (CLD2, second anchor: winnow is %.2fx as fast)' % (
            name, 'cld2', n / tc, size / tc / 1e6, tf / tc, tc / tw))

def acc(gold, out):
    return 100.0 * sum(g == (o.split(' ')[0] if o else '') for g, o in zip(gold, out)) / len(gold)

def acc_json(gold, out):
    import json
    return 100.0 * sum('__label__' + json.loads(o)['lang'] == g for g, o in zip(gold, out)) / len(gold)

print('\n## accuracy (top-1; a language lid.176 lacks counts as an error)')
print('%-6s %-32s %8s %8s' % ('set', 'engine', 'as is', 'CAPS'))
for name, (gold, text, path, caps) in sets.items():
    print('%-6s %-32s %7.1f%% %7.1f%%' % (name, 'fasttext predict-prob', acc(gold, run(FT(1), path)), acc(gold, run(FT(1), caps))))
    print('%-6s %-32s %7.1f%% %7.1f%%' % (name, 'winnow langid (identical)', acc(gold, run(WN(), path)), acc(gold, run(WN(), caps))))
    print('%-6s %-32s %7.1f%% %7.1f%%' % (name, 'winnow langid --normalize', acc(gold, run(WN('--normalize'), path)), acc(gold, run(WN('--normalize'), caps))))
    print('%-6s %-32s %7.1f%% %7.1f%%' % (name, 'winnow langid --analyze (pipeline)', acc_json(gold, run(WN('--analyze'), path)), acc_json(gold, run(WN('--analyze'), caps))))
    if CLD2:
        cld = lambda p: [CLD2_TO_LID.get(o, o) for o in run([CLD2], p)]
        acc_c = lambda out: 100.0 * sum(g == '__label__' + o for g, o in zip(gold, out)) / len(gold)
        print('%-6s %-32s %7.1f%% %7.1f%%' % (name, 'CLD2 (full tables)', acc_c(cld(path)), acc_c(cld(caps))))

# mixed paragraphs: a long paragraph in A + a short caption in B
major = 'en de fr es it pt nl ru uk pl cs tr ar fa hi bn zh ja ko vi id sv fi hu el he th ro'.split()
lg, lt = sets['long'][0], sets['long'][1]
sg, st = sets['short'][0], sets['short'][1]
longs = {l: [t for g, t in zip(lg, lt) if g == '__label__' + l] for l in major}
shorts = {l: [t for g, t in zip(sg, st) if g == '__label__' + l] for l in major}
rnd = random.Random(1)
cases = []
for i in range(2000):
    a, b = rnd.sample(major, 2)
    cases.append((a, b, rnd.choice(longs[a]) + ' ' + rnd.choice(shorts[b])))
mixed = write(os.path.join(OUT, 'lid_mixed.txt'), [c[2] for c in cases])
import json
ft = run(FT(3), mixed)
wn = [json.loads(o) for o in run(WN('--analyze'), mixed)]
ft_a = sum(o.split(' ')[0] == '__label__' + a for (a, b, t), o in zip(cases, ft))
ft_b = sum(('__label__' + b) in o.split(' ')[0::2] for (a, b, t), o in zip(cases, ft))
wn_a = sum(o['lang'] == a for (a, b, t), o in zip(cases, wn))
wn_b = sum(any(s['lang'] == b for s in o['spans']) or o['lang'] == b for (a, b, t), o in zip(cases, wn))
wn_b_span = sum(any(s['lang'] == b for s in o['spans']) for (a, b, t), o in zip(cases, wn))
n = len(cases)
print('\n## mixed paragraphs (%d cases, 28 languages: long paragraph in A + " " + short line in B)' % n)
print('fasttext predict-prob k=3 : A top-1 %.1f%%, B in top 3 %.1f%%' % (100.0 * ft_a / n, 100.0 * ft_b / n))
print('winnow langid --analyze   : A document language %.1f%%, B reported as a span %.1f%%' % (100.0 * wn_a / n, 100.0 * wn_b_span / n))

# scaling: the whole `winnow clean` pipeline (the langid stage included) on
# JSONL documents of 4 UDHR paragraphs (the long set, 12 times: ~22 MB, so
# that start-up is a small part), 1 thread against 2
docs = []
for rep in range(12):
    for i in range(0, len(lt) - 3, 4):
        docs.append(json.dumps({'id': 'd%d_%d' % (rep, i), 'text': '\n'.join(lt[i:i + 4])}, ensure_ascii=False))
corpus = write(os.path.join(OUT, 'lid_docs.jsonl'), docs)
size = os.path.getsize(corpus)
tj = dict(zip((1, 2), best([[W, 'clean', '-q', '-j', str(j), corpus] for j in (1, 2)], os.devnull, 5)))
print('\n## scaling: winnow clean (normalise, clean, langid) on %d documents, %.1f MB; nproc=%d, shared machine' % (len(docs), size / 1e6, os.cpu_count()))
for j in (1, 2):
    print('-j %d: %.2f s, %.1f MB/s, %.0f docs/s' % (j, tj[j], size / tj[j] / 1e6, len(docs) / tj[j]))
print('speed-up 1 -> 2 threads: %.2fx' % (tj[1] / tj[2]))
PY
