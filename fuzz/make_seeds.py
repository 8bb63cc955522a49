#!/usr/bin/env python3
"""Writes the fuzz seed corpora (fuzz/corpus/<target>/) from the shipped rule
packs, the labelled corpus and the test fixtures. Deterministic: rerun after
the rules or corpus change, then review the diff. Seeds stay small (a few dozen
files of at most a few KB per target) so every fuzz run starts fast."""
import gzip
import hashlib
import json
import random
import re
import shutil
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
rng = random.Random(20260302)


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


corpus = jsonl(ROOT / "corpus" / "nl.jsonl") + jsonl(ROOT / "corpus" / "en.jsonl")
short = [r for r in corpus if len(r["reply"].encode()) < 500 and len(r["customer"].encode()) < 400]
packs = {p: json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").glob("*/*.json"))}
rules = [(pack, rule) for pack in packs.values() for rule in pack["rules"]]

HARD = [
    "Wat vervelend zeg \U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466! Daarvoor moet u bij de leverancier zijn.",
    "Sorry for the inconvenience \U0001F44D\U0001F3FD\U0001F1F3\U0001F1F1 1\uFE0F\u20E3 please contact the carrier.",
    "\u05E9\u05DC\u05D5\u05DD \u202EWe understand your frustration\u202C \u0645\u0631\u062D\u0628\u0627.",
    "Wa\u0301t ve\u0301rvelend\u0301\u0301\u0301 ze\u0308g! Z\u0334\u0321\u032A\u0353 het systeem laat het niet toe.",
    "\uFB01ne \u3392 \uFDFA \u0130k bel \u00DF \u212B morgen v\u00F3\u00F3r 12 uur.",
    "\uFF37\uFF41\uFF54 \uFF56\uFF45\uFF52\uFF56\uFF45\uFF4C\uFF45\uFF4E\uFF44 \u2019s avonds \u2014 zo\u2019n \u201Cdag\u201D\u2026",
    "Ik bel u morgen \u20AC12,50 48213 ab-12345 1234AB https://x.nl/a?b=c jan@example.nl @user #tag 12:00",
]
INVALID = [
    b"Wat vervelend\xff zeg! Daarvoor moet u bij de \xe2\x82leverancier zijn.",
    b"Sorry for the \xed\xa0\x80inconvenience.\x00 Please contact \xc0\xafthe carrier.",
    b"\xf0\x9f\x98 we understand your frustration \xf4\x90\x80\x80",
    b"Ik\x00bel\x00u\x00morgen\x00\x01\x7f.",
]


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}-{hashlib.sha1(data).hexdigest()[:10]}").write_bytes(data)


def analyzer():
    for r in rng.sample(short, 20):
        write("analyzer", "reply", r["reply"])
    for r in rng.sample(short, 8):
        parts = [r["reply"], r["customer"], r["lang"], r["sent_at"]]
        write("analyzer", "conversation", "\x1f".join(parts))
    r = rng.choice(short)
    write("analyzer", "thread", "\x1f".join([r["reply"], r["customer"], "auto", "", r["customer"], r["reply"]]))
    for pack, rule in rng.sample(rules, 10):
        ex = rule["examples"]["match"][0]
        write("analyzer", "example", ex if isinstance(ex, str) else ex["reply"])
    for i, h in enumerate(HARD):
        write("analyzer", "hard", h)
    for b in INVALID:
        write("analyzer", "invalid", b)
    write("analyzer", "empty", b"")


VOCAB_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def needed_vocabularies(pack, texts):
    vocab = {}
    for p in packs.values():
        if p["lang"] == pack["lang"]:
            vocab.update(p.get("vocabularies", {}))
    need, todo = {}, list(texts)
    while todo:
        for name in VOCAB_REF.findall(todo.pop()):
            if name in vocab and name not in need:
                need[name] = vocab[name]
                todo.extend(vocab[name])
    return need


def small_pack(pack, chosen):
    unless = [u if isinstance(u, str) else u["pattern"] for r in chosen for u in r.get("unless", [])]
    texts = [p for r in chosen for p in r.get("patterns", [])] + unless
    out = {"lang": pack["lang"], "name": "seed", "vocabularies": needed_vocabularies(pack, texts), "rules": chosen}
    if not out["vocabularies"]:
        del out["vocabularies"]
    return out


def rule_loader():
    written = 0
    for pack, rule in rng.sample(rules, 60):
        data = json.dumps(small_pack(pack, [rule]), ensure_ascii=False)
        if len(data.encode()) < 3000:
            write("rule_loader", "rule", data)
            written += 1
        if written == 24:
            break
    for p in packs.values():
        if "promises" in p:
            checks = [r for r in p["rules"] if "check" in r][:1]
            commit = [r for r in p["rules"] if r["category"] in ("commitment", "timeframe")][:2]
            pack = small_pack(p, checks + commit)
            pack["promises"] = p["promises"]
            pack["profile"] = {"stopwords": p.get("profile", {}).get("stopwords", [])[:20]}
            write("rule_loader", "promises", json.dumps(pack, ensure_ascii=False))
    for f in sorted((ROOT / "tests" / "fixtures" / "rules").glob("*/*.json")):
        write("rule_loader", "fixture", f.read_bytes())
    base = {"id": "nl.x.y", "category": "deflection", "dimension": "ownership", "severity": "error",
            "weight": 10, "message": "m", "suggestion": "s", "explanation": "e",
            "examples": {"match": ["ga naar de winkel"], "no_match": ["ik ga zelf"]}}
    broken = [
        {"lang": "nl", "vocabularies": {"a": ["{b}"], "b": ["{a}"]}, "rules": [dict(base, patterns=["{a}"])]},
        {"lang": "nl", "rules": [dict(base, patterns=["(unclosed"])]},
        {"lang": "nl", "rules": [dict(base, patterns=["Ga Naar"])]},
        {"lang": "nl", "rules": [dict(base, patterns=["x*"])]},
        {"lang": "nl", "vocabularies": {"v": ["a{w}b", "c"], "w": ["d", "e"]}, "rules": [dict(base, patterns=["{v}{v}{gap}{word}"])]},
        {"lang": "nl", "rules": [dict(base, patterns=["ga naar de winkel"], unless=["ik {gap}zelf"])]},
        {"lang": "xx", "rules": []},
        [1, 2, 3],
    ]
    for b in broken:
        write("rule_loader", "edge", json.dumps(b))


def reply_record():
    for r in rng.sample(short, 14):
        rec = {k: r[k] for k in ("id", "lang", "customer", "reply", "sent_at", "agent", "channel")}
        write("reply_record", "record", json.dumps(rec, ensure_ascii=rng.random() < 0.5))
    for line in (ROOT / "tests" / "fixtures" / "replies.jsonl").read_bytes().splitlines():
        write("reply_record", "fixture", line)
    edge = [
        '{"id": 7, "text": "Sorry for the inconvenience."}',
        '{"reply": "x", "thread": [{"role": "customer", "text": "waar is mijn pakket?"}, {"role": "agent", "text": "wat vervelend"}]}',
        '{"reply": "x", "thread": [{"role": "boss", "text": "y"}]}',
        '{"reply": null}', '{"reply": "x", "lang": 5}', '{"id": 1.5, "reply": "x"}', '[]', '"reply"',
        '{"reply": "\\ud83d\\ude00 \\u0000 \\u202e"}', '{"reply": "\\ud800"}', '{"reply": "x"} trailing',
    ]
    for e in edge:
        write("reply_record", "edge", e)


def audit_jsonl():
    lines = [json.dumps({k: r[k] for k in ("id", "lang", "reply", "agent", "channel", "sent_at")}, ensure_ascii=False) for r in short]
    for i in range(14):
        chunk = "\n".join(rng.sample(lines, rng.randint(1, 4))) + rng.choice(["\n", "", "\r\n"])
        write("audit_jsonl", "lines", chunk)
    mixed = (ROOT / "tests" / "fixtures" / "audit" / "mixed.jsonl").read_bytes()
    write("audit_jsonl", "mixed", mixed)
    for i in range(4):
        data = ("\n".join(rng.sample(lines, 3)) + "\n").encode()
        gz = gzip.compress(data, mtime=0)
        write("audit_jsonl", "gzip", gz if i < 3 else gz[: len(gz) // 2])
    write("audit_jsonl", "gzip-members", gzip.compress(lines[0].encode() + b"\n", mtime=0) + gzip.compress(lines[1].encode(), mtime=0))
    write("audit_jsonl", "bom", "\ufeff" + lines[2] + "\n\n   \n" + lines[3])
    write("audit_jsonl", "broken", '{"id": "a", "reply": "x"\n{"reply": 1}\nnot json\n\n' + lines[4])


def csv_field(v, delim):
    if any(c in v for c in (delim, '"', "\n", "\r")) or rng.random() < 0.3:
        return '"' + v.replace('"', '""') + '"'
    return v


def audit_csv():
    cols = ["id", "agent", "customer", "reply", "sent_at"]
    for i in range(16):
        delim = [",", ";", "\t"][i % 3]
        header = cols if i % 4 else ["id", "agent", "customer", "text", "sent_at"]
        rows = [delim.join(csv_field(h, delim) for h in header)]
        for r in rng.sample(short, rng.randint(1, 3)):
            rows.append(delim.join(csv_field(str(r[c]), delim) for c in cols))
        write("audit_csv", "rows", ("\r\n" if i % 2 else "\n").join(rows) + "\n")
    write("audit_csv", "export", (ROOT / "tests" / "fixtures" / "audit" / "export.csv").read_bytes())
    write("audit_csv", "edge", 'reply,id\n"unterminated, quote\n')
    write("audit_csv", "edge", 'reply;id\n"a ""quoted"" word" trailing;1\nx;2;3\n\n;4\n')
    write("audit_csv", "edge", '\ufeff"reply"\t"id"\n"line\nbreak"\t1\n')
    write("audit_csv", "edge", "id,agent\n1,2\n")
    text = "reply,id\n" + "\n".join(csv_field(r["reply"], ",") + "," + r["id"] for r in short[:3]) + "\n"
    write("audit_csv", "gzip", gzip.compress(text.encode(), mtime=0))


def server_check():
    for r in rng.sample(short, 10):
        rec = {k: r[k] for k in ("id", "reply", "customer", "lang", "channel", "sent_at")}
        write("server_check", "one", json.dumps(rec, ensure_ascii=False))
    for i in range(6):
        batch = [{"id": r["id"], "reply": r["reply"]} for r in rng.sample(short, rng.randint(1, 3))]
        batch.append(rng.choice([{"reply": 5}, {"id": [1], "reply": "x"}, "no", {"reply": "x", "lang": "fr"}]))
        write("server_check", "batch", json.dumps({"replies": batch}, ensure_ascii=False))
    for e in ['{"replies": []}', '{"reply": "x", "lang": "de"}', '{"text": "Sorry for the inconvenience."}',
              '{"replies": {"reply": "x"}}', "{", "", '{"reply": "x", "thread": [{"role": "agent", "text": "x"}]}']:
        write("server_check", "edge", e)


def server_languagetool():
    q = urllib.parse.urlencode
    for r in rng.sample(short, 10):
        lang = rng.choice(["auto", "nl-NL", "nl-BE", "en-US", "en-GB", r["lang"]])
        write("server_languagetool", "text", q({"text": r["reply"], "language": lang}))
    for r in rng.sample(short, 6):
        words = r["reply"].split(" ")
        half = len(words) // 2
        data = {"annotation": [{"text": " ".join(words[:half]) + " "}, {"markup": "<b>", "interpretAs": ""},
                               {"text": " ".join(words[half:])}, {"markup": "<br/>", "interpretAs": "\n\n"}]}
        write("server_languagetool", "data", q({"data": json.dumps(data, ensure_ascii=False), "language": "auto"}))
    write("server_languagetool", "filters", q({"text": "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.", "language": "nl",
                                               "enabledRules": "nl.deflection.third-party", "enabledOnly": "true"}))
    write("server_languagetool", "filters", q({"text": "We understand your frustration. Please contact the carrier.", "language": "en-US",
                                               "disabledCategories": "CANNED_EMPATHY,deflection", "disabledRules": "x,y"}))
    write("server_languagetool", "edge", "text=a&data=b&language=auto")
    write("server_languagetool", "edge", "text=%F0%9F%98%80%20%ff%e2%82&language=auto")
    write("server_languagetool", "edge", "language=fr&text=bonjour")
    write("server_languagetool", "edge", "text=x&language=auto&enabledOnly=maybe")
    write("server_languagetool", "edge", q({"data": '{"annotation": [{"text": "a", "markup": "b"}]}', "language": "auto"}))


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    for make in (analyzer, rule_loader, reply_record, audit_jsonl, audit_csv, server_check, server_languagetool):
        make()
    for d in sorted(OUT.iterdir()):
        files = list(d.iterdir())
        print(f"{d.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
