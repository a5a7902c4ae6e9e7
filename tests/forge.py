#!/usr/bin/env python3
"""Forges a bundle consistently, so that a test reaches one check alone.

    forge.py IN OUT [--def OLD NEW]... [--records FILE] [--small-order [--keyid HEX]]
                    [--no-seal]

IN may be a bundle edited by hand (its hashes then wrong). --def replaces text in the
definition lines; --records replaces the record lines (without their hashes, without the
seal) by the lines of FILE. Then every chain hash, the definition hash, the tally block's
definition and records lines, the tally hash and the seal are recomputed, as an adversary with
the tool's source would do. The seal comes out unsigned, or with --small-order "signed" by the
neutral element of the curve: a signature that a lenient Ed25519 verifier accepts for every
message; --keyid puts another key id beside that key. With --no-seal the seal is left out,
the tally block kept. The counts of the tally are kept as they are: a forgery that changes
them is refused for that, which is a check of its own.
"""
import hashlib
import sys


def blake(tag, *parts):
    h = hashlib.blake2b(digest_size=32)
    h.update(tag)
    for p in parts:
        h.update(p)
    return h.digest()


def main(argv):
    src, dst, args = argv[1], argv[2], argv[3:]
    with open(src, 'rb') as f:
        lines = f.read().decode('utf-8').split('\n')
    assert lines[0] == 'tinnhiem-bundle 1' and lines[-1] == '' and lines[-2] == 'end'
    d_end = next(i for i, l in enumerate(lines) if l.startswith('definition-hash\t'))
    t_start = lines.index('tinnhiem-tally 1')
    definition = '\n'.join(lines[1:d_end]) + '\n'
    records = [l.rsplit('\t', 1)[0] for l in lines[d_end + 1:t_start]]
    tally = lines[t_start:-3]
    assert records[-1].startswith('seal\t')
    records = records[:-1]
    small_order = False
    no_seal = False
    keyid = None
    while args:
        if args[0] == '--def':
            definition = definition.replace(args[1], args[2])
            args = args[3:]
        elif args[0] == '--no-seal':
            no_seal = True
            args = args[1:]
        elif args[0] == '--keyid':
            keyid = bytes.fromhex(args[1])
            args = args[2:]
        elif args[0] == '--small-order':
            small_order = True
            args = args[1:]
        elif args[0] == '--records':
            with open(args[1], 'rb') as f:
                records = [l for l in f.read().decode('utf-8').split('\n') if l]
            args = args[2:]
        else:
            sys.exit('forge.py: unknown argument ' + args[0])
    d = blake(b'tinnhiem:definition:1\n', definition.encode())
    head, out = d, []
    for r in records:
        head = blake(b'tinnhiem:record:1\n', head, r.encode())
        out.append(r + '\t' + head.hex())
    tally = [('definition\t' + d.hex()) if t.startswith('definition\t') else
             ('records\t%d\t%s' % (len(records), head.hex())) if t.startswith('records\t') else t
             for t in tally]
    canonical = '\n'.join(tally) + '\n'
    t = blake(b'tinnhiem:tally:1\n', canonical.encode())
    signature = '-\t-\t-'
    if small_order:
        pk = bytes([1]) + bytes(31)
        p = 2**255 - 19
        base = (4 * pow(5, p - 2, p) % p).to_bytes(32, 'little')
        keyid = keyid or blake(b'tinnhiem:keyid:1\n', pk)[:8]
        signature = '\t'.join(x.hex() for x in (keyid, pk, base + bytes([1]) + bytes(31)))
    seal = 'seal\t%s\t%s' % (t.hex(), signature)
    head = blake(b'tinnhiem:record:1\n', head, seal.encode())
    if not no_seal:
        out.append(seal + '\t' + head.hex())
    text = ('tinnhiem-bundle 1\n' + definition + 'definition-hash\t' + d.hex() + '\n' +
            '\n'.join(out) + '\n' + canonical + 'tally-hash\t' + t.hex() + '\nend\n')
    with open(dst, 'wb') as f:
        f.write(text.encode('utf-8'))


if __name__ == '__main__':
    main(sys.argv)
