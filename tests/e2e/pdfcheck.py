#!/usr/bin/env python3
"""Checks the page composition of a PDF the way a reader sees it, from poppler's word boxes
(pdftotext -bbox): used by layout.sh.

pdfcheck.py KIND FILE.pdf DEF.ini PAGES
  KIND minutes or ballot; PAGES the number of pages expected.
Exits 1 naming the first thing that is wrong.
"""
import html
import re
import subprocess
import sys


def fail(msg):
    print(f"FAIL: {sys.argv[2]}: {msg}", file=sys.stderr)
    sys.exit(1)


def pages_of(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        words = []
        for x0, y0, x1, y1, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>", page):
            words.append((float(x0), float(y0), float(x1), float(y1), html.unescape(t)))
        pages.append(words)
    return pages


def definition(path):
    members, board = [], []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"(name|position|member) *= *(.*)", line.strip())
        if not m:
            continue
        if m.group(1) == "name":
            members.append([m.group(2), None])
        elif m.group(1) == "position":
            members[-1][1] = m.group(2)
        else:
            board.append(m.group(2).split("|")[0].strip())
    return members, board


def same_line(a, b):
    return abs(a[1] - b[1]) < 1.0 and abs(a[3] - b[3]) < 1.0


def on_one_line(words, i, text):
    """The words from i on spell text, in reading order, all on one line."""
    want = text.split()
    got = words[i:i + len(want)]
    if [w[4] for w in got] != want:
        return None
    return all(same_line(got[0], w) for w in got)


def find_row(words, order, name):
    """A table row: the number in the TT column and the whole name to its right, one line."""
    want = name.split()
    for i, w in enumerate(words):
        if w[4] != want[0]:
            continue
        chain = [w]
        for nxt in want[1:]:
            cand = [v for v in words if v[4] == nxt and same_line(v, chain[-1])
                    and 0 <= v[0] - chain[-1][2] < 8]
            if not cand:
                break
            chain.append(cand[0])
        if len(chain) != len(want):
            continue
        if any(v[4] == str(order) and same_line(v, w) and v[2] <= w[0] for v in words):
            return chain
    return None


def position_lines(words, chain, position):
    """The lines a position takes in the cell beside the name: its words one after another,
    on the same line or at the cell's left edge on the next; None when it is not there."""
    want = position.split()
    starts = [w for w in words if w[4] == want[0] and w[0] > chain[-1][2]
              and abs(w[1] - chain[0][1]) < 20]
    for start in starts:
        cur, lines = start, 1
        for text in want[1:]:
            nxt = [v for v in words if v[4] == text and same_line(v, cur)
                   and 0 <= v[0] - cur[2] < 10]
            if not nxt:
                nxt = [v for v in words if v[4] == text and abs(v[0] - start[0]) < 2
                       and 0 < v[1] - cur[1] < 20]
                lines += 1
            if not nxt:
                break
            cur = nxt[0]
        else:
            return lines
    return None


def heading(words):
    return any(on_one_line(words, i, "Họ và tên") for i in range(len(words)))


def check_names_whole(pages, members, board):
    """Wherever a name is read in full, it is on one line (table, sentences, signatures)."""
    for p, words in enumerate(pages, 1):
        for name in [m[0] for m in members] + board:
            want = name.split()
            for i in range(len(words) - len(want) + 1):
                if [w[4] for w in words[i:i + len(want)]] == want and \
                        not on_one_line(words, i, name):
                    fail(f"page {p}: \"{name}\" is broken across lines")


def check_table(pages, members, kind):
    rows_on = [0] * len(pages)
    for order, (name, position) in enumerate(members, 1):
        found = [p for p, words in enumerate(pages) if find_row(words, order, name)]
        if len(found) != 1:
            fail(f"row {order} \"{name}\": found whole on one line {len(found)} times")
        p = found[0]
        rows_on[p] += 1
        words = pages[p]
        lines = position_lines(words, find_row(words, order, name), position)
        if lines is None:
            fail(f"row {order}: position \"{position}\" not found beside the name")
        if lines > 2:
            fail(f"row {order}: the position takes {lines} lines")
    for p, words in enumerate(pages):
        has_head = heading(words)
        if rows_on[p] and not has_head:
            fail(f"page {p + 1}: rows without the table's heading")
        if has_head and rows_on[p] < min(2, len(members)):
            fail(f"page {p + 1}: the heading with {rows_on[p]} row(s)")
    return rows_on


def find_phrase(words, text):
    for i in range(len(words)):
        if on_one_line(words, i, text) is not None:
            return words[i]
    return None


def check_signatures(pages, board):
    where = [p for p, words in enumerate(pages) if find_phrase(words, "Biên bản lập xong")]
    if len(where) != 1:
        fail(f"\"Biên bản lập xong\" on {len(where)} pages")
    words = pages[where[0]]
    closing = find_phrase(words, "Biên bản lập xong")
    tm = find_phrase(words, "T/M BAN KIỂM PHIẾU")
    if tm is None or find_phrase(words, "TRƯỞNG BAN") is None:
        fail(f"page {where[0] + 1}: the closing paragraph without T/M BAN KIỂM PHIẾU")
    if tm[1] < closing[1]:
        fail("the signatures come before the closing paragraph")
    for name in board:
        w = find_phrase(words, name)
        if w is None or w[1] < tm[1]:
            fail(f"page {where[0] + 1}: no signature of {name} under the closing paragraph")
    # "BAN KIỂM PHIẾU" is never broken, in the text or in a signature heading
    for p, words in enumerate(pages):
        for i, w in enumerate(words):
            if w[4] == "BAN" and i + 2 < len(words) and words[i + 1][4] == "KIỂM" and \
                    words[i + 2][4] == "PHIẾU" and not on_one_line(words, i, "BAN KIỂM PHIẾU"):
                fail(f"page {p + 1}: \"BAN KIỂM PHIẾU\" broken across lines")


def check_ballot_pages(pages):
    n = len(pages)
    for p, words in enumerate(pages, 1):
        if not heading(words):
            fail(f"ballot page {p}: no column headings")
        if find_phrase(words, "PHIẾU LẤY PHIẾU TÍN NHIỆM") is None:
            fail(f"ballot page {p}: no title")
        if n > 1 and p > 1 and find_phrase(words, f"trang {p}/{n})") is None:
            fail(f"ballot page {p}: does not say trang {p}/{n}")


def main():
    kind, pdf, ini, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    members, board = definition(ini)
    pages = pages_of(pdf)
    if len(pages) != want:
        fail(f"{len(pages)} pages, expected {want}")
    check_names_whole(pages, members, board if kind == "minutes" else [])
    rows = check_table(pages, members, kind)
    if kind == "minutes":
        check_signatures(pages, board)
    else:
        check_ballot_pages(pages)
    print(f"{pdf}: {len(pages)} pages, rows per page {rows}")


main()
