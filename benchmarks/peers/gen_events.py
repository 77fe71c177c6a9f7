#!/usr/bin/env python3
"""Writes a deterministic clickstream as JSON lines, the input of the peer benchmarks.

One event a line, ~80 bytes:

  {"ts":1700000000123,"user":"u42","page":"/p7","amount":12.34,"kind":"view"}

  ts      epoch milliseconds; event i happens at base + i * 1000 / rate (1000 events a
          second of event time by default) and is stamped up to --max-disorder-ms
          (2000) earlier, uniformly: a watermark of "max ts so far - 2 s" drops nothing.
  user    "u0" .. "u<users-1>" (10,000 by default; the key sweep raises it to 1M)
  page    "/p0" .. "/p<pages-1>" (100)
  amount  0.01 .. 500.00, two decimals
  kind    "view" 70%, "click" 20%, "buy" 10%

--late-frac F makes that fraction of events later than the disorder bound (by up to
--late-max-ms more), so that a watermark with a 2 s delay finds them late.
The same arguments give the same bytes (random.Random(seed)).

Usage: gen_events.py N OUT.jsonl [--seed 42] [--rate 1000] [--users 10000] [--pages 100]
                                 [--max-disorder-ms 2000] [--late-frac 0] [--late-max-ms 8000]
OUT may be "-" for standard output. Standard library only.
"""
import argparse
import random
import sys

BASE_MS = 1_700_000_000_000
KINDS = ("view",) * 7 + ("click",) * 2 + ("buy",)


def generate(a, write):
    """Writes a.n events through write(str), in chunks of 10,000 lines."""
    rng = random.Random(a.seed)
    below = rng.randrange
    chance = rng.random
    chunk = []
    for i in range(a.n):
        due = BASE_MS + (i * 1000) // a.rate
        ts = due - below(a.max_disorder_ms + 1)
        if a.late_frac > 0 and chance() < a.late_frac:
            ts = due - a.max_disorder_ms - 1 - below(a.late_max_ms)
        cents = 1 + below(50_000)
        chunk.append('{"ts":%d,"user":"u%d","page":"/p%d","amount":%d.%02d,"kind":"%s"}\n' % (
            ts, below(a.users), below(a.pages), cents // 100, cents % 100, KINDS[below(10)]))
        if len(chunk) == 10_000:
            write("".join(chunk))
            chunk.clear()
    write("".join(chunk))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of events")
    ap.add_argument("out", help="output file, or - for standard output")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rate", type=int, default=1000, help="events a second of event time")
    ap.add_argument("--users", type=int, default=10_000, help="distinct users")
    ap.add_argument("--pages", type=int, default=100, help="distinct pages")
    ap.add_argument("--max-disorder-ms", type=int, default=2000)
    ap.add_argument("--late-frac", type=float, default=0.0)
    ap.add_argument("--late-max-ms", type=int, default=8000)
    a = ap.parse_args()
    if a.n < 0 or a.rate <= 0 or a.users <= 0 or a.pages <= 0 or a.max_disorder_ms < 0:
        ap.error("counts and rate must be positive")
    if a.out == "-":
        generate(a, sys.stdout.write)
    else:
        with open(a.out, "w", buffering=1 << 20) as f:
            generate(a, f.write)


if __name__ == "__main__":
    main()
