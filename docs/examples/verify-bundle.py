#!/usr/bin/env python3
"""Independent verifier for tinnhiem bundles (docs/formats.md), Python 3 standard library only.

    python3 verify-bundle.py FILE.bundle [PUBKEY-HEX-OR-FILE.pub]

Recomputes the definition hash, the hash chain, the tally and the tally hash, and checks the
Ed25519 signature, without any code from tinnhiem. Exit status 0 when everything matches,
1 with the first mismatch otherwise.
"""
import hashlib
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


# --- Ed25519 verification, after RFC 8032 section 6 -------------------------------------
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


def _recover_x(y, sign):
    if y >= P:
        return None
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
    A, R = _decompress(public), _decompress(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if A is None or R is None or s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % Q
    return _equal(_mul(s, _G), _add(R, _mul(h, A)))


# --- the bundle --------------------------------------------------------------------------
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


def verify(data, pubkey=None):
    if not data.endswith(b"\n") or b"\r" in data:
        raise Mismatch("the bundle must be LF-terminated lines")
    lines = data[:-1].split(b"\n")
    if lines[0] != b"tinnhiem-bundle 1":
        raise Mismatch("not a tinnhiem bundle")
    i = 1
    start = i
    while not lines[i].startswith(b"definition-hash\t"):
        i += 1
    canonical = b"".join(l + b"\n" for l in lines[start:i])
    text = canonical.decode("utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise Mismatch("definition text is not NFC")
    defhash = blake(b"tinnhiem:definition:1\n", canonical)
    if lines[i] != b"definition-hash\t" + defhash.hex().encode():
        raise Mismatch("definition hash")
    fields = {}
    members = []
    for l in lines[start + 1:i]:
        f = l.decode().split("\t")
        if f[0] == "member":
            members.append(f[1])
        elif f[0] not in ("basis", "board"):
            fields[f[0]] = f[1]
    m = len(members)
    facts = {k: (None if fields[k] == "-" else int(fields[k]))
             for k in ("convened", "present", "issued", "collected")}
    scope = fields["invalid_scope"]
    i += 1

    head, nrec = defhash, 0
    last = {1: 0, 2: 0}
    ballots = {}   # pass-1 serial -> reading
    voided = set()
    seal = None
    while lines[i] != b"tinnhiem-tally 1":
        line = lines[i]
        body, _, stored = line.rpartition(b"\t")
        head = blake(b"tinnhiem:record:1\n", head, body)
        nrec += 1
        if stored != head.hex().encode():
            raise Mismatch("record %d: hash does not match" % nrec)
        if seal is not None:
            raise Mismatch("record %d after the seal" % nrec)
        f = body.decode().split("\t")
        if f[0] == "meeting":
            for key, v in zip(("convened", "present", "issued", "collected"), f[1:]):
                if v != "-":
                    facts[key] = int(v)
        elif f[0] == "ballot":
            p, serial, reading, verdict = int(f[1]), int(f[2]), f[3], f[4]
            if serial != last[p] + 1:
                raise Mismatch("record %d: ballot out of sequence" % nrec)
            last[p] = serial
            if reading.startswith("x"):
                want = "invalid:" + (reading[1:] or "0")
            elif len(reading) != m or any(c not in "0123" for c in reading):
                raise Mismatch("record %d: bad marks" % nrec)
            elif scope == "ballot" and "0" in reading:
                want = "invalid:4"
            else:
                want = "valid"
            if verdict != want:
                raise Mismatch("record %d: verdict is not what the rules give" % nrec)
            if p == 1:
                ballots[serial] = (reading, verdict)
        elif f[0] == "void":
            p, serial = int(f[1]), int(f[2])
            if serial > last[p] or (p, serial) in voided:
                raise Mismatch("record %d: bad void" % nrec)
            voided.add((p, serial))
        elif f[0] == "seal":
            seal = (f, nrec - 1, head_before)
        head_before = head
        i += 1
    if seal is None:
        raise Mismatch("no seal")

    # the tally of the ballots of pass 1 that are not void
    count = [[0, 0, 0, 0] for _ in range(m)]  # high, medium, low, invalid
    valid = invalid = 0
    reasons = [0] * 5
    for serial, (reading, verdict) in ballots.items():
        if (1, serial) in voided:
            continue
        if verdict != "valid":
            invalid += 1
            reasons[int(verdict.split(":")[1])] += 1
            for c in count:
                c[3] += 1
            continue
        valid += 1
        for j, mark in enumerate(reading):
            count[j][{"1": 0, "2": 1, "3": 2, "0": 3}[mark]] += 1
    entered = valid + invalid
    voids1 = sum(1 for p, _ in voided if p == 1)
    base = {"collected": facts["collected"] if facts["collected"] is not None else entered,
            "issued": facts["issued"], "valid": valid,
            "convened": facts["convened"]}[fields["denominator"]]
    quorum = "-" if facts["convened"] is None or facts["present"] is None else \
        ("yes" if 3 * facts["present"] >= 2 * facts["convened"] else "no")
    f, sealed_at, sealed_head = seal
    out = ["tinnhiem-tally 1", "definition\t" + defhash.hex(),
           "records\t%d\t%s" % (sealed_at, sealed_head.hex()),
           "rules\t%s\t%s\t%s" % (fields["rules"], fields["denominator"], scope),
           "meeting\t" + "\t".join("-" if facts[k] is None else str(facts[k])
                                   for k in ("convened", "present", "issued", "collected")),
           "ballots\t%d\t%d\t%d\t%d" % (entered, valid, invalid, voids1),
           "reasons\t" + "\t".join(str(r) for r in reasons),
           "base\t" + ("-" if base is None else str(base)), "quorum\t" + quorum]
    for j, c in enumerate(count):
        out.append("member\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s" % (
            j + 1, c[0], c[1], c[2], c[3], pct(c[0], base), pct(c[1], base),
            pct(c[2], base), band(c[2], base)))
    tally = "".join(l + "\n" for l in out).encode()
    written = b"".join(l + b"\n" for l in lines[i:i + len(out)])
    if written != tally:
        raise Mismatch("the tally in the bundle differs from the recomputed tally")
    tally_hash = blake(b"tinnhiem:tally:1\n", tally)
    if f[1] != tally_hash.hex():
        raise Mismatch("seal: tally hash")
    if lines[i + len(out):] != [b"tally-hash\t" + tally_hash.hex().encode(), b"end"]:
        raise Mismatch("the bundle does not end with its tally hash and 'end'")
    if quorum != "yes" or facts["collected"] != entered:
        raise Mismatch("seal: the vote could not have been closed")
    signed = f[2] != "-"
    if signed:
        pk = bytes.fromhex(f[3])
        if blake(b"tinnhiem:keyid:1\n", pk)[:8].hex() != f[2]:
            raise Mismatch("seal: key id")
        if not ed25519_verify(pk, b"tinnhiem:seal:1\n" + tally_hash, bytes.fromhex(f[4])):
            raise Mismatch("seal: bad signature")
    if pubkey is not None and (not signed or bytes.fromhex(f[3]) != pubkey):
        raise Mismatch("not signed by the given key")
    return tally_hash.hex(), out


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pubkey = None
    if len(sys.argv) == 3:
        arg = sys.argv[2]
        if arg.endswith(".pub"):
            arg = open(arg).read().split()[3]
        pubkey = bytes.fromhex(arg)
    try:
        data = open(sys.argv[1], "rb").read()
        tally_hash, tally = verify(data, pubkey)
    except (Mismatch, ValueError, IndexError, KeyError, UnicodeDecodeError) as e:
        print("MISMATCH: %s" % (e or "malformed bundle"), file=sys.stderr)
        return 1
    print("\n".join(tally))
    print("tally hash: " + tally_hash)
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
