#!/usr/bin/env python3
"""Independent verifier for tinnhiem bundles (docs/formats.md), Python 3 standard library only.

    python3 verify-bundle.py FILE.bundle [PUBKEY-HEX-OR-FILE.pub]... [--expect HASH]

Recomputes the definition hash, the hash chain, the tally and the tally hash, checks every
condition of the seal (double entry and the board's decisions on held ballots included) and
the Ed25519 signatures of the seal and of the board members, without any code from tinnhiem.
With public keys, each must have signed the seal. With --expect, the tally hash must be HASH
as printed in the minutes (spaces and case do not matter).

Exit status: 0 when everything matches; 1 with the first mismatch otherwise; 2 when the
arguments are wrong.
"""
import argparse
import hashlib
import re
import sys
import unicodedata


class Mismatch(Exception):
    pass


def blake(tag, *parts):
    h = hashlib.blake2b(digest_size=32)
    h.update(tag)
    for part in parts:
        h.update(part)
    return h.digest()


def grouped(hexdigits):
    """Hex in groups of four, as the minutes print it."""
    return " ".join(hexdigits[i:i + 4] for i in range(0, len(hexdigits), 4))


# --- Ed25519 verification, after RFC 8032 section 6, with libsodium's strictness ----------
P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    A, B = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    C, Dd = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def _mul(s, pt):
    acc = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            acc = _add(acc, pt)
        pt = _add(pt, pt)
        s >>= 1
    return acc


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _small_order(pt):
    return _equal(_mul(8, pt), (0, 1, 1, 0))


def _recover_x(y, sign):
    if y >= P:
        return None  # not a canonical encoding
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _decompress(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % P)


def ed25519_verify(public, msg, sig):
    """As libsodium verifies: A and R canonical and not of small order, s < L, [s]B = R + [k]A."""
    A, R = _decompress(public), _decompress(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if A is None or R is None or s >= Q or _small_order(A) or _small_order(R):
        return False
    k = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % Q
    return _equal(_mul(s, _G), _add(R, _mul(k, A)))


# --- fields --------------------------------------------------------------------------------
PROFILES = ("qd96-2023", "nq96-2023", "nq85-2014")
BASES = ("collected", "issued", "valid", "convened")
SCOPES = ("ballot", "row")
FACTS = ("convened", "present", "issued", "collected")
MAX_COUNT = 10**12         # counts, facts and serials are below this
MAX_BLOCK = 4 << 20        # bytes of the definition block
MAX_MEMBERS, MAX_LIST, MAX_REASON, MAX_VENUE = 255, 100, 500, 300


def number(s, what):
    if not re.fullmatch(r"0|[1-9][0-9]*", s) or int(s) >= MAX_COUNT:
        raise Mismatch("%s: not a number: %r" % (what, s))
    return int(s)


def fact(s, what):
    return None if s == "-" else number(s, what)


def is_hex(s, nbytes):
    return re.fullmatch("[0-9a-f]{%d}" % (2 * nbytes), s) is not None


def clean(s):
    """Normalised text: no control character (C0, DEL, C1), NFC, single spaces, no space at
    either end."""
    if any(c < " " or "\x7f" <= c <= "\x9f" for c in s):
        return False
    return unicodedata.normalize("NFC", s) == s and s == s.strip(" ") and "  " not in s


def time_of_day(s, what):
    """HH:MM from 00:00 to 23:59, or - (None)."""
    if s == "-":
        return None
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", s):
        raise Mismatch("%s: not a time of day: %r" % (what, s))
    return s


def venue(s, what):
    """The hall: 1 to 300 bytes of normalised text, or - (None)."""
    if s == "-":
        return None
    if not 1 <= len(s.encode()) <= MAX_VENUE or not clean(s):
        raise Mismatch(what + ": the hall must be 1 to 300 bytes of normalised text")
    return s


def calendar_date(s):
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", s)
    if m is None:
        return False
    year, month, day = (int(g) for g in m.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


def consistent(facts):
    """convened not 0; present <= convened, issued <= present, collected <= issued, among
    the facts known."""
    if facts["convened"] == 0:
        return "convened is 0"
    pairs = (("present", "convened"), ("issued", "present"), ("collected", "issued"))
    for small, big in pairs:
        if facts[small] is not None and facts[big] is not None and facts[small] > facts[big]:
            return "%s (%d) exceeds %s (%d)" % (small, facts[small], big, facts[big])
    return None


# --- the canonical definition --------------------------------------------------------------
def read_definition(block):
    """The definition's fields; refuses anything but the one canonical form."""
    rows = [line.split("\t") for line in block.decode("utf-8").split("\n")[:-1]]
    for n, row in enumerate(rows, 1):
        if not all(clean(f) for f in row):
            raise Mismatch("definition line %d: text is not normalised" % n)
    if not rows or rows[0] != ["tinnhiem-definition 1"]:
        raise Mismatch("not a tinnhiem definition")
    pos = 1

    def take(key, nfields=2):
        nonlocal pos
        if pos >= len(rows) or rows[pos][0] != key or len(rows[pos]) != nfields:
            raise Mismatch("definition line %d: expected %s" % (pos + 1, key))
        pos += 1
        return rows[pos - 1][1:]

    def repeated(key, nfields, most):
        out = []
        while pos < len(rows) and rows[pos][0] == key:
            if len(out) == most:
                raise Mismatch("definition line %d: more than %d %s lines" % (pos + 1, most, key))
            out.append(take(key, nfields))
        return out

    def one_of(key, values):
        v = take(key)[0]
        if v not in values:
            raise Mismatch("definition line %d: bad %s %r" % (pos, key, v))
        return v

    d = {}
    for key in ("title", "parent_body", "issuing_body", "place"):
        d[key] = take(key)[0]
        if not d[key]:
            raise Mismatch("definition line %d: %s is empty" % (pos, key))
    if not calendar_date(take("date")[0]):
        raise Mismatch("definition line %d: not a date" % pos)
    d["rules"] = one_of("rules", PROFILES)
    d["denominator"] = one_of("denominator", BASES)
    d["invalid_scope"] = one_of("invalid_scope", SCOPES)
    # QĐ 96's grounds need no line; a definition that follows QĐ 262 has this one
    d["invalid_grounds"] = "qd96"
    if pos < len(rows) and rows[pos][0] == "invalid_grounds":
        d["invalid_grounds"] = one_of("invalid_grounds", ("qd262",))
    d["confidential"] = one_of("confidential", ("yes", "no"))
    d["double_entry"] = one_of("double_entry", ("yes", "no"))
    repeated("basis", 2, MAX_LIST)
    d["facts"] = {key: fact(take(key)[0], key) for key in FACTS}
    if consistent(d["facts"]):  # named by the first of the four lines
        raise Mismatch("definition line %d: meeting facts inconsistent: %s"
                       % (pos - len(FACTS) + 1, consistent(d["facts"])))
    board = repeated("board", 3, MAX_LIST)
    d["members"] = repeated("member", 3, MAX_MEMBERS)
    d["nboard"] = len(board)
    if not board or not d["members"]:
        raise Mismatch("definition: no %s" % ("member" if board else "board"))
    if not all(name and role for name, role in board + d["members"]):
        raise Mismatch("definition: a name or role is empty")
    if pos != len(rows):
        raise Mismatch("definition line %d: not in canonical form" % (pos + 1))
    return d


# --- the records -------------------------------------------------------------------------
def verdict_of(marks, scope, nmembers):
    """The verdict the rules give to the MARKS field, or None when it is malformed."""
    if marks == "?":
        return "held"
    if marks == "x":
        return "invalid:0"
    if re.fullmatch("x[1-4]", marks):
        return "invalid:" + marks[1]
    if len(marks) != nmembers or any(c not in "0123" for c in marks):
        return None
    return "invalid:4" if scope == "ballot" and "0" in marks else "valid"


def pass_serial(f, what):
    if f[1] not in ("1", "2"):
        raise Mismatch("%s: bad pass %r" % (what, f[1]))
    serial = number(f[2], what)
    if serial == 0:
        raise Mismatch("%s: serial 0" % what)
    return int(f[1]), serial


class Replay:
    def __init__(self, definition):
        self.d = definition
        self.facts = dict(definition["facts"])
        self.times = {"started": None, "ended": None}
        self.last = {1: 0, 2: 0}
        self.ballots = {1: {}, 2: {}}   # pass -> serial -> (marks, verdict)
        self.voided = set()             # (pass, serial)
        self.holder = {1: {}, 2: {}}    # pass -> paper -> the serial that took it last
        self.max_paper = {1: 0, 2: 0}
        self.decisions = {}             # serial of a held ballot of pass 1 -> (marks, verdict)
        self.seal = None
        self.sealed_at = None           # (records before the seal, the chain head after them)
        self.signers = {}               # board member -> public key

    def pass_serial(self, f, what):
        p, serial = pass_serial(f, what)
        # pass 2 exists only when the definition asks for double entry
        if p == 2 and self.d["double_entry"] != "yes":
            raise Mismatch(what + ": pass 2, but the definition does not ask for double entry")
        return p, serial
    def apply(self, n, line):
        what = "record %d" % n
        f = line.decode("utf-8").split("\t")
        if len(f) > 8:
            raise Mismatch(what + ": too many fields")
        kind = f[0]
        if self.seal is not None and kind != "signature":
            raise Mismatch("%s: found after the seal" % what)
        if kind == "meeting" and len(f) in (5, 8):
            new = [fact(v, what) for v in f[1:5]]
            # the long form adds the times of the count and the hall, at least one of them
            extra = [time_of_day(f[5], what), time_of_day(f[6], what),
                     venue(f[7], what)] if len(f) == 8 else []
            if len(f) == 8 and all(v is None for v in extra):
                raise Mismatch(what + ": a long meeting record gives no time and no hall")
            if all(v is None for v in new + extra):
                raise Mismatch(what + ": a meeting record gives no fact")
            for key, v in zip(FACTS, new):
                if v is not None:
                    self.facts[key] = v
            for key, v in zip(("started", "ended"), extra):
                if v is not None:
                    self.times[key] = v
            problem = consistent(self.facts)
            started, ended = self.times["started"], self.times["ended"]
            if problem is None and started and ended and ended < started:
                problem = "ended (%s) is before started (%s)" % (ended, started)
            if problem:
                raise Mismatch("%s: meeting facts inconsistent: %s" % (what, problem))
        elif kind == "ballot" and len(f) in (5, 6):
            p, serial = self.pass_serial(f, what)
            want = verdict_of(f[3], self.d["invalid_scope"], len(self.d["members"]))
            if want is None:
                raise Mismatch(what + ": malformed ballot record")
            if f[4] != want:
                raise Mismatch("%s: verdict %r is not what the rules give" % (what, f[4]))
            if serial != self.last[p] + 1:
                raise Mismatch("%s: ballot %d/%d out of sequence" % (what, p, serial))
            paper = serial
            if len(f) == 6:
                # PAPER is written only when it is not SERIAL, and is never above it in pass 1
                paper = number(f[5], what)
                if paper == 0 or paper == serial or (p == 1 and paper > serial):
                    raise Mismatch(what + ": malformed ballot record")
            # pass 1 numbers new papers 1, 2, 3, ...; a lower number is a correction
            if p == 1 and paper > self.max_paper[1] + 1:
                raise Mismatch("%s: ballot %d/%d is for paper %d, but the next new paper is %d"
                               % (what, p, serial, paper, self.max_paper[1] + 1))
            held = self.holder[p].get(paper)
            if held is not None and (p, held) not in self.voided:
                raise Mismatch("%s: ballot %d/%d is for paper %d, which ballot %d/%d holds "
                               "and is not void" % (what, p, serial, paper, p, held))
            self.max_paper[p] = max(self.max_paper[p], paper)
            self.holder[p][paper] = serial
            self.last[p] = serial
            self.ballots[p][serial] = (f[3], want)
        elif kind == "void" and len(f) == 4:
            p, serial = self.pass_serial(f, what)
            reason = f[3]
            if not 1 <= len(reason.encode()) <= MAX_REASON or not clean(reason):
                raise Mismatch(what + ": the reason must be 1 to 500 bytes of normalised text")
            if serial > self.last[p]:
                raise Mismatch("%s: void of ballot %d/%d, which does not exist yet"
                               % (what, p, serial))
            if (p, serial) in self.voided:
                raise Mismatch("%s: ballot %d/%d voided twice" % (what, p, serial))
            self.voided.add((p, serial))
        elif kind == "decision" and len(f) == 5:
            # the board's reading of a held ballot of pass 1, once, before any void of it
            serial = number(f[1], what)
            want = verdict_of(f[2], self.d["invalid_scope"], len(self.d["members"]))
            reason = f[4]
            if serial == 0 or want in (None, "held") or not 1 <= len(reason.encode()) <= \
                    MAX_REASON or not clean(reason):
                raise Mismatch(what + ": malformed decision record")
            if f[3] != want:
                raise Mismatch("%s: verdict %r is not what the rules give" % (what, f[3]))
            if self.ballots[1].get(serial, (None,))[0] != "?":
                raise Mismatch("%s: decision on ballot 1/%d, which is not a held ballot"
                               % (what, serial))
            if serial in self.decisions:
                raise Mismatch("%s: ballot 1/%d decided twice" % (what, serial))
            if (1, serial) in self.voided:
                raise Mismatch("%s: decision on ballot 1/%d, which is void" % (what, serial))
            self.decisions[serial] = (f[2], want)
        elif kind == "seal" and len(f) == 5:
            unsigned = f[2:] == ["-", "-", "-"]
            if not is_hex(f[1], 32) or not unsigned and not (
                    is_hex(f[2], 8) and is_hex(f[3], 32) and is_hex(f[4], 64)):
                raise Mismatch(what + ": malformed seal record")
            self.seal = f
            if not unsigned:  # the seal's own signature is the first board member's
                self.signers[1] = bytes.fromhex(f[3])
        elif kind == "signature" and len(f) == 5:
            if self.seal is None:
                raise Mismatch(what + ": a signature before the seal")
            member = number(f[1], what)
            if not 1 <= member <= MAX_LIST or not (is_hex(f[2], 8) and is_hex(f[3], 32)
                                                   and is_hex(f[4], 64)):
                raise Mismatch(what + ": malformed signature record")
            if member > self.d["nboard"]:
                raise Mismatch("%s: signature of board member %d, but the board has %d"
                               % (what, member, self.d["nboard"]))
            pk = bytes.fromhex(f[3])
            if member in self.signers:
                raise Mismatch("%s: board member %d signed twice" % (what, member))
            if pk in self.signers.values():
                raise Mismatch("%s: board member %d signed with the key of another member"
                               % (what, member))
            if blake(b"tinnhiem:keyid:1\n", pk)[:8].hex() != f[2]:
                raise Mismatch("%s: signature of board member %d: the key id does not match "
                               "its key" % (what, member))
            # over the tag, the tally hash of the seal and the member's order in decimal
            msg = b"tinnhiem:signature:1\n" + bytes.fromhex(self.seal[1]) + str(member).encode()
            if not ed25519_verify(pk, msg, bytes.fromhex(f[4])):
                raise Mismatch("%s: signature of board member %d: bad signature"
                               % (what, member))
            self.signers[member] = pk
        else:
            raise Mismatch("%s: malformed or unknown record %r" % (what, kind))

    def live(self, p):
        """The ballots of pass p that are not void, in serial order: [(serial, marks)]."""
        return [(s, b[0]) for s, b in sorted(self.ballots[p].items())
                if (p, s) not in self.voided]

    def counted(self):
        """The ballots the tally counts: each live ballot of pass 1, a held one by the board's
        decision, and not at all while undecided: [(marks, verdict)], and how many wait."""
        out, undecided = [], 0
        for serial, marks in self.live(1):
            if marks != "?":
                out.append(self.ballots[1][serial])
            elif serial in self.decisions:
                out.append(self.decisions[serial])
            else:
                undecided += 1
        return out, undecided

    def papers(self, p):
        """The papers of pass p whose last ballot is not void: {paper: marks}."""
        return {paper: self.ballots[p][s][0] for paper, s in self.holder[p].items()
                if (p, s) not in self.voided}


def pct(count, base):
    """count * 100 / base rounded half up to 2 decimals, in integers; '-' without a base."""
    if base is None or base == 0:
        return "-"
    v = (count * 20000 + base) // (2 * base)
    return "%d.%02d" % (v // 100, v % 100)


def band(low, base):
    if base is None or base == 0:
        return "-"
    if 3 * low >= 2 * base:
        return "two_thirds"
    if 2 * low > base:
        return "over_half"
    return "-"


def canonical_tally(d, r, defhash, nrecords, head):
    m = len(d["members"])
    count = [[0, 0, 0, 0] for _ in range(m)]  # high, medium, low, invalid
    valid = invalid = 0
    reasons = [0] * 5
    for marks, verdict in r.counted()[0]:
        if verdict != "valid":
            invalid += 1
            reasons[int(verdict.split(":")[1])] += 1
            for c in count:
                c[3] += 1
            continue
        valid += 1
        for j, mark in enumerate(marks):
            count[j][{"1": 0, "2": 1, "3": 2, "0": 3}[mark]] += 1
    entered = valid + invalid
    voided = sum(1 for p, _ in r.voided if p == 1)
    facts = r.facts
    base = {"collected": facts["collected"] if facts["collected"] is not None else entered,
            "issued": facts["issued"], "valid": valid,
            "convened": facts["convened"]}[d["denominator"]]
    quorum = "-" if facts["convened"] is None or facts["present"] is None else \
        ("yes" if 3 * facts["present"] >= 2 * facts["convened"] else "no")
    out = ["tinnhiem-tally 1", "definition\t" + defhash.hex(),
           "records\t%d\t%s" % (nrecords, head.hex()),
           "rules\t%s\t%s\t%s" % (d["rules"], d["denominator"], d["invalid_scope"]),
           "meeting\t" + "\t".join("-" if facts[k] is None else str(facts[k]) for k in FACTS),
           "ballots\t%d\t%d\t%d\t%d" % (entered, valid, invalid, voided),
           "reasons\t" + "\t".join(str(n) for n in reasons),
           "base\t" + ("-" if base is None else str(base)), "quorum\t" + quorum]
    for j, c in enumerate(count):
        out.append("member\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s" % (
            j + 1, c[0], c[1], c[2], c[3], pct(c[0], base), pct(c[1], base),
            pct(c[2], base), band(c[2], base)))
    return out, entered, quorum


def check_double_entry(r):
    """Pass 1 and pass 2, ballots not void, paired by paper number: the same MARKS."""
    one, two = r.papers(1), r.papers(2)
    for paper in sorted(set(one) | set(two)):
        if paper not in two:
            raise Mismatch("seal: double entry: paper %d: only in pass 1 (read %s)"
                           % (paper, one[paper]))
        if paper not in one:
            raise Mismatch("seal: double entry: paper %d: only in pass 2 (read %s)"
                           % (paper, two[paper]))
        if one[paper] != two[paper]:
            raise Mismatch("seal: double entry: paper %d: pass 1 read %s, pass 2 read %s"
                           % (paper, one[paper], two[paper]))


def check_seal(d, r, entered, quorum):
    """The conditions under which close seals a vote."""
    facts = r.facts
    undecided = r.counted()[1]
    if undecided:
        raise Mismatch("seal: the vote could not have been closed: held ballots not decided "
                       "yet: %d" % undecided)
    for key in FACTS:
        if facts[key] is None:
            raise Mismatch("seal: the vote could not have been closed: %s is not recorded" % key)
    problem = consistent(facts)
    if problem:
        raise Mismatch("seal: the vote could not have been closed: " + problem)
    if quorum != "yes":
        raise Mismatch("seal: the vote could not have been closed: no quorum")
    if entered != facts["collected"]:
        raise Mismatch("seal: the vote could not have been closed: %d ballots entered (not "
                       "void), but %d collected" % (entered, facts["collected"]))
    if d["double_entry"] == "yes":
        check_double_entry(r)


# --- the bundle --------------------------------------------------------------------------
def find(lines, start, test, what):
    for i in range(start, len(lines)):
        if test(lines[i]):
            return i
    raise Mismatch("malformed bundle: no %s" % what)


def verify(data, pubkeys=()):
    if not data.endswith(b"\n") or b"\r" in data or b"\0" in data:
        raise Mismatch("malformed bundle: lines must end in LF, with no CR or NUL byte")
    lines = data[:-1].split(b"\n")
    if lines[0] != b"tinnhiem-bundle 1":
        raise Mismatch("not a tinnhiem bundle")

    # the definition: up to the first line that begins with "definition-hash<TAB>"
    i = find(lines, 1, lambda l: l.startswith(b"definition-hash\t"), "definition-hash line")
    block = b"".join(l + b"\n" for l in lines[1:i])
    if len(block) > MAX_BLOCK:
        raise Mismatch("malformed bundle: definition block too long")
    d = read_definition(block)
    defhash = blake(b"tinnhiem:definition:1\n", block)
    if lines[i] != b"definition-hash\t" + defhash.hex().encode():
        raise Mismatch("definition hash does not match")

    # the records: up to the first line that is "tinnhiem-tally 1"
    t = find(lines, i + 1, lambda l: l == b"tinnhiem-tally 1", "tally")
    r = Replay(d)
    head = defhash
    for n, line in enumerate(lines[i + 1:t], 1):
        if len(line) <= 65 or line[-65:-64] != b"\t" or not is_hex(line[-64:].decode(), 32):
            raise Mismatch("malformed bundle: a record line must end in a tab and its hash")
        body = line[:-65]
        before = head
        head = blake(b"tinnhiem:record:1\n", head, body)
        if line[-64:] != head.hex().encode():
            raise Mismatch("record %d: hash does not match (this record or the chain before "
                           "it was changed)" % n)
        r.apply(n, body)
        if r.seal is not None and r.sealed_at is None:
            r.sealed_at = (n - 1, before)
    if r.seal is None:
        raise Mismatch("the bundle has no seal")

    # the tally of the records before the seal, the seal's conditions and signature
    seal = r.seal
    out, entered, quorum = canonical_tally(d, r, defhash, r.sealed_at[0], r.sealed_at[1])
    tally = "".join(l + "\n" for l in out).encode()
    tally_hash = blake(b"tinnhiem:tally:1\n", tally)
    if seal[1] != tally_hash.hex():
        raise Mismatch("seal: the tally hash does not match the tally of the records")
    check_seal(d, r, entered, quorum)
    signed = seal[2] != "-"
    if signed:
        pk = bytes.fromhex(seal[3])
        if blake(b"tinnhiem:keyid:1\n", pk)[:8].hex() != seal[2]:
            raise Mismatch("seal: the key id does not match its key")
        if not ed25519_verify(pk, b"tinnhiem:seal:1\n" + tally_hash, bytes.fromhex(seal[4])):
            raise Mismatch("seal: bad signature")

    # the tally block: up to the first line that begins with "tally-hash<TAB>"; then "end"
    h = find(lines, t, lambda l: l.startswith(b"tally-hash\t"), "tally-hash line")
    if b"".join(l + b"\n" for l in lines[t:h]) != tally:
        raise Mismatch("the tally written in the bundle differs from the tally of its records")
    if lines[h] != b"tally-hash\t" + tally_hash.hex().encode():
        raise Mismatch("tally hash does not match")
    if lines[h + 1:] != [b"end"]:
        raise Mismatch("malformed bundle: expected \"end\" and nothing after it")

    for pubkey in pubkeys:
        if pubkey not in r.signers.values():
            raise Mismatch("the seal is not signed by the given key %s"
                           % grouped(blake(b"tinnhiem:keyid:1\n", pubkey)[:8].hex()))
    signers = {m: blake(b"tinnhiem:keyid:1\n", pk)[:8].hex() for m, pk in r.signers.items()}
    return defhash.hex(), tally_hash.hex(), signers, out


# --- the command line --------------------------------------------------------------------
def read_pubkey(arg):
    """64 hex digits, or a tinnhiem-pubkey file whose key id matches its key."""
    if is_hex(arg, 32):
        return bytes.fromhex(arg)
    with open(arg, "rb") as f:
        text = f.read()
    m = re.fullmatch(rb"tinnhiem-pubkey 1 ([0-9a-f]{16}) ([0-9a-f]{64})\n", text)
    if m is None:
        raise ValueError("%s: not a tinnhiem public key" % arg)
    pk = bytes.fromhex(m.group(2).decode())
    if blake(b"tinnhiem:keyid:1\n", pk)[:8].hex() != m.group(1).decode():
        raise ValueError("%s: the key id does not match the key" % arg)
    return pk


def read_expect(arg):
    """A tally hash as the minutes print it: spaces and case do not matter."""
    digits = arg.replace(" ", "").lower()
    if not is_hex(digits, 32):
        raise ValueError("--expect: not a tally hash")
    return digits


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    parser.add_argument("bundle")
    parser.add_argument("pubkey", nargs="*", help="64 hex digits or a .pub file, each")
    parser.add_argument("--expect", metavar="HASH", help="the tally hash in the minutes")
    args = parser.parse_args()
    try:
        pubkeys = [read_pubkey(arg) for arg in args.pubkey]
        expect = read_expect(args.expect) if args.expect is not None else None
    except (OSError, ValueError) as e:
        print("verify-bundle.py: %s" % e, file=sys.stderr)
        return 2
    try:
        with open(args.bundle, "rb") as f:
            data = f.read()
        defhash, tally_hash, signers, tally = verify(data, pubkeys)
    except OSError as e:
        print("verify-bundle.py: %s" % e, file=sys.stderr)
        return 2
    except (Mismatch, ValueError, IndexError, KeyError, UnicodeDecodeError) as e:
        print("MISMATCH: %s" % (e or "malformed bundle"), file=sys.stderr)
        return 1
    if expect is not None and expect != tally_hash:
        print("MISMATCH: the tally hash is not the expected one\n"
              "  expected:      %s\n"
              "  in the bundle: %s\n"
              "The bundle may be of another vote (or the hash was copied wrongly from the "
              "minutes)." % (grouped(expect), grouped(tally_hash)), file=sys.stderr)
        return 1
    print("\n".join(tally))
    print("definition hash: " + grouped(defhash))
    print("tally hash: " + grouped(tally_hash))
    if not signers:
        print("signature: none")
    for member, keyid in sorted(signers.items()):
        print("signature of board member %d: good, key id %s" % (member, grouped(keyid)))
    if expect is not None:
        print("expected tally hash: matches")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
