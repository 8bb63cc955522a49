#!/usr/bin/env python3
"""Writes a synthetic archive of sent replies for timing `replylint audit`.

Replies are drawn at random (with a fixed seed) from the corpus and the real data,
with fresh ids, one of 60 agents, one of 4 channels and a send time within two
years; one line in 2,000 is cut short, as a real export holds a few broken lines.

    bench/make_archive.py N OUT.jsonl [--data DIR] [--seed S]
"""
import argparse
import datetime
import glob
import json
import os
import random
import sys


def load_replies(root, data_dir):
    files = sorted(glob.glob(os.path.join(root, "corpus", "*.jsonl")))
    files += sorted(glob.glob(os.path.join(data_dir, "*.jsonl")))
    records = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                if record.get("reply") or record.get("text"):
                    records.append(record)
    return records


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="records to write")
    parser.add_argument("out", help="the JSON Lines file to write")
    parser.add_argument("--data", default=os.path.join(root, "..", "shared", "data"),
                        help="directory of real replies (default ../shared/data)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("count must be at least 1")

    records = load_replies(root, args.data)
    if not records:
        sys.exit(f"no replies found under {root}/corpus or {args.data}")
    rng = random.Random(args.seed)
    agents = [f"agent-{i:02d}" for i in range(60)]
    channels = ["twitter", "facebook", "chat", "email"]
    start = datetime.datetime(2024, 1, 1)
    two_years = 2 * 365 * 24 * 3600
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.count):
            record = dict(rng.choice(records))
            record["id"] = f"a{i:07d}"
            record["agent"] = rng.choice(agents)
            record["channel"] = rng.choice(channels)
            sent = start + datetime.timedelta(seconds=rng.randrange(two_years))
            record["sent_at"] = sent.strftime("%Y-%m-%dT%H:%M:%SZ")
            line = json.dumps(record, ensure_ascii=False)
            if rng.randrange(2000) == 0:
                line = line[: len(line) // 2]  # a broken line: the audit reports it and goes on
            out.write(line + "\n")


if __name__ == "__main__":
    main()
