# The langid stage inside `winnow clean`: the seed is Turkish, a mixed record
# gets its other-language spans, --lang / --min-lang-score reject with
# reason "lang", and the output does not depend on --threads.
. "$TESTDIR/lib.sh"
seed="$SHARED/seed/000_bf4be9d8b912a7c1.txt"
W clean "$seed" >out.jsonl || fail "winnow clean exited $?"
[ "$(jget out.jsonl 1 'r["lang"], r["lang_iso3"], 0.9 < r["lang_score"] <= 1')" = "tr tur True" ] ||
    fail "seed language: $(jget out.jsonl 1 'r.get("lang"), r.get("lang_score")')"
# the expected record's field order: lang right after title
[ "$(jget out.jsonl 1 'list(r)[:4]')" = "['id', 'date', 'title', 'lang']" ] || fail "field order"

# a record written here: German with a French sentence, an English paragraph
# and a Greek caption; the paragraphs are long enough for the cleaner to keep
python3 - <<'PY'
import json
text = "\n".join([
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen. Der Entwurf sieht vor, dass bis zum Jahr 2030 mindestens achtzig Prozent des Stroms aus Wind und Sonne stammen sollen.",
    "Kritiker bemängeln, dass die Finanzierung der Maßnahmen noch nicht geklärt sei und die Netze nicht schnell genug ausgebaut würden. Le ministre français de l'énergie a salué cette décision lors d'une conférence de presse à Paris.",
    "The minister told reporters on Wednesday that the plan would be reviewed by parliament next month.",
    "Die Opposition kündigte Widerstand an und forderte eine Anhörung im Ausschuss des Bundestages. Η κυβέρνηση της Ελλάδας ανακοίνωσε νέα μέτρα για την ενέργεια.",
])
with open("mixed.jsonl", "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "mixed", "text": text}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "tr", "text": "Rusya Dışişleri Bakanı Sergey Lavrov, Moskova'da bir araya geldiği Kuzey Koreli mevkidaşıyla görüştü ve iki ülke arasındaki ilişkileri değerlendirdi."}, ensure_ascii=False) + "\n")
PY
W clean --lang-topk 3 mixed.jsonl >m.jsonl || fail "mixed run exited $?"
python3 - <<'PY' || exit 1
import json
r = [json.loads(l) for l in open("m.jsonl", encoding="utf-8")]
m = r[0]
assert m["lang"] == "de" and m["lang_iso3"] == "deu", m
spans = m["meta"]["lang_spans"]
langs = {(s["lang"], s["line"]) for s in spans}
assert ("fr", 2) in langs and ("en", 3) in langs and ("el", 4) in langs, spans
fr = [s for s in spans if s["lang"] == "fr"][0]
assert fr["text"].startswith("Le ministre") and fr["lang_iso3"] == "fra", fr
paras = [p["lang"] for p in m["meta"]["lang_paragraphs"]]
assert paras == ["de", "de", "en", "de"], paras
assert [t["lang"] for t in m["lang_topk"]][0] == "de", m["lang_topk"]
assert r[1]["lang"] == "tr" and "lang_paragraphs" not in r[1].get("meta", {}), r[1]
PY

# filters
W clean --lang tr,ru --rejects rej.jsonl mixed.jsonl >f.jsonl || fail "--lang run exited $?"
[ "$(count_lines f.jsonl)" = 1 ] && [ "$(jget f.jsonl 1 'r["id"]')" = tr ] || fail "--lang kept the wrong records"
[ "$(jget rej.jsonl 1 'r["reason"], r["id"]')" = "lang mixed" ] || fail "--lang reject: $(cat rej.jsonl)"
grep -q '"de"' rej.jsonl || fail "the reject does not name the detected language"
W clean --min-lang-score 0.9999 --rejects rej2.jsonl mixed.jsonl >g.jsonl || fail "--min-lang-score run exited $?"
[ "$(count_lines g.jsonl)" = 0 ] && [ "$(count_lines rej2.jsonl)" = 2 ] || fail "--min-lang-score"
if W clean --lang tr,xx mixed.jsonl >/dev/null 2>err.txt; then fail "--lang xx accepted"; fi
grep -q "xx" err.txt || fail "no message for --lang xx: $(cat err.txt)"
if W clean --lang-model nope.ftz mixed.jsonl >/dev/null 2>err.txt; then fail "missing model accepted"; fi
grep -q "nope.ftz" err.txt || fail "no message for a missing model: $(cat err.txt)"

# same output for any thread count
W clean -j 1 mixed.jsonl "$seed" >j1.jsonl && W clean -j 2 mixed.jsonl "$seed" >j2.jsonl || fail "threads run"
cmp -s j1.jsonl j2.jsonl || fail "output differs between -j 1 and -j 2"
exit 0
# --langid off leaves the stage out: no language fields, and --lang then
# is a usage error rather than a silent no-op
W clean --langid off "$SHARED/seed/000_bf4be9d8b912a7c1.txt" >off.jsonl || fail "--langid off"
grep -q '"lang"' off.jsonl && fail "--langid off still tagged the language"
W clean --langid off --lang tr </dev/null 2>/dev/null; [ $? = 2 ] || fail "--lang with --langid off must be refused"
