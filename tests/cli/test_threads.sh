# Output is byte-identical for any thread count, and for the same records
# split into several files or streamed on stdin.
. "$TESTDIR/lib.sh"
seed="$SHARED/seed/000_bf4be9d8b912a7c1.txt"
n=3000; [ -n "$WRAP" ] && n=300
python3 - "$n" "$seed" <<'PY'
import json, random, sys
n = int(sys.argv[1]); random.seed(7)
words = open(sys.argv[2], encoding="utf-8").read().split()
with open("all.jsonl", "w", encoding="utf-8") as f:
    for i in range(n):
        paras = [" ".join(random.choice(words) for _ in range(random.randint(3, 60))) + random.choice([".", "", "!"])
                 for _ in range(random.randint(1, 8))]
        if i % 5 == 0: paras.append(paras[0])                  # a repeat
        if i % 7 == 0: paras.insert(0, "Abone ol")              # boilerplate
        if i % 11 == 0: paras.append("13:05 27.10.2025")
        f.write(json.dumps({"id": f"d{i}", "text": "\n".join(paras)}, ensure_ascii=False) + "\n")
PY
W clean --threads 1 --explain --batch-bytes 4K all.jsonl >t1.jsonl || fail "t1"
W clean --threads 4 --explain --batch-bytes 4K all.jsonl >t4.jsonl || fail "t4"
cmp t1.jsonl t4.jsonl || fail "--threads 1 and 4 differ"
split -l 700 all.jsonl part_
W clean --threads 3 --explain --batch-bytes 4K part_* >split.jsonl || fail "split"
python3 - <<'PY' || exit 1
# ids differ only for generated ids; here every record has its own id
a = open("t1.jsonl", encoding="utf-8").read(); b = open("split.jsonl", encoding="utf-8").read()
assert a == b, "split files differ from one file"
PY
W clean --threads 2 --explain - <all.jsonl >stdin.jsonl || fail "stdin"
cmp t1.jsonl stdin.jsonl || fail "stdin differs"
[ "$(count_lines t1.jsonl)" -gt $((n / 2)) ] || fail "too few records kept"
