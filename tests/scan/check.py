#!/usr/bin/env python3
"""Compares `tinnhiem scan --dry-run` (C locale) with the generator's truth; prints the figures.

usage: check.py TRUTH DRY-RUN-OUTPUT SEED
Fails (status 1) on any wrong reading, any row or sheet a person had to see and did not, or
more than 1% of clear rows sent to a person.
"""
import re
import sys

truth = [l.split() for l in open(sys.argv[1]) if l.strip()]
ballots, sheet_doubt = [], []
for line in open(sys.argv[2]):
    m = re.match(r"ballot (\d+) \(.*\): ([0-3?]+)$", line.rstrip("\n"))
    if m:
        ballots.append(m.group(2))
        sheet_doubt.append(False)
    elif line.startswith("  doubtful: "):
        sheet_doubt[-1] = True
if len(ballots) != len(truth):
    sys.exit("check: %d sheets read, %d made" % (len(ballots), len(truth)))

n = dict(rows=0, clear=0, clear_doubt=0, hard=0, hard_doubt=0, must=0, wrong=0, missed=0,
         sheets_s=0, sheets_s_missed=0, turned=0, blank=0)
wrong = []
for i, ((flags, rows), got, sd) in enumerate(zip(truth, ballots, sheet_doubt)):
    if "S" in flags:
        n["sheets_s"] += 1
        if not sd:
            n["sheets_s_missed"] += 1
            wrong.append("sheet %d: writing above the rows not shown" % (i + 1))
    n["turned"] += "U" in flags
    n["blank"] += "B" in flags
    for r, (t, g) in enumerate(zip(rows, got)):
        n["rows"] += 1
        if t in "0123":
            n["clear"] += 1
            if g == "?":
                n["clear_doubt"] += 1
            elif g != t:
                n["wrong"] += 1
                wrong.append("sheet %d row %d: read %s, marked %s" % (i + 1, r + 1, g, t))
        elif t in "abcz":
            n["hard"] += 1
            want = "0" if t == "z" else str("abc".index(t) + 1)
            if g == "?":
                n["hard_doubt"] += 1
            elif g != want:
                n["wrong"] += 1
                wrong.append("sheet %d row %d: read %s, marked %s (hard)" % (i + 1, r + 1, g, want))
        else:
            n["must"] += 1
            if g != "?":
                n["missed"] += 1
                wrong.append("sheet %d row %d: read %s, a person had to see it" % (i + 1, r + 1, g))

share = 100.0 * n["clear_doubt"] / max(n["clear"], 1)
print("seed %s: %d sheets (%d upside down, %d blank), %d rows" %
      (sys.argv[3], len(truth), n["turned"], n["blank"], n["rows"]))
print("  clear rows %d: read wrongly %d, sent to a person %d (%.2f%%)" %
      (n["clear"], sum(1 for w in wrong if "(hard)" not in w and "read" in w and "had to" not in w),
       n["clear_doubt"], share))
print("  hard rows (faint, a dot in a box or in the row) %d: sent to a person %d, the rest read rightly" %
      (n["hard"], n["hard_doubt"]))
print("  rows a person must see %d: not shown %d; sheets with writing above the rows %d: not shown %d" %
      (n["must"], n["missed"], n["sheets_s"], n["sheets_s_missed"]))
print("  rows read wrongly in all: %d" % n["wrong"])
for w in wrong[:20]:
    print("  " + w)
sys.exit(1 if n["wrong"] or n["missed"] or n["sheets_s_missed"] or share > 1.0 else 0)
