#!/usr/bin/env python3
"""Mutation testing: does the suite notice a small, realistic change to the core?

    python3 tests/mutate.py [--list FILE] [--only TEXT] [--lines N,N] [--dir DIR] [--all-tests]
                            [--dry-run]

Each mutation in tests/mutations.txt replaces one exact piece of text in one source file. The
script copies the source tree to DIR/tree (default build-mut/tree, beside the build of its own
in DIR/build, so neither the working tree nor build/ is ever touched), checks that the
unchanged tree passes, then for each mutation: applies it, rebuilds, runs the suite with
--maxfail 1, and restores the file, always, even on Ctrl-C. A mutant is "killed" when a test
fails, "survived" when every test passes, "unbuildable" when it does not compile, and "stale"
when its pattern is no longer in the file exactly once (refresh the list). The score is the
killed share of the mutants that built. Run on demand; it is not part of tests/check.sh.

The list, tests/mutations.txt: "file: PATH" starts the mutations of a file; then one mutation
a line, "PATTERN => REPLACEMENT" (split at the first " => "); "#" starts a comment line.

The tests that were quick on the unchanged tree run first, then the others; slow tests (the slow suite, the demo run by
e2e-docs) are left out unless --all-tests. A full run of the list takes about an hour on two
cores, most of it spent on mutants that survive (each runs the whole suite).
"""
import argparse
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLOW = {'e2e-docs'}
QUICK = 2.5  # seconds: a test that took less in the unchanged run is run first


def parse_list(path):
    """[(file, pattern, replacement, line number)] from the mutation list."""
    out, current = [], None
    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if line.startswith('file:'):
                current = line[5:].strip()
                continue
            if ' => ' not in line or current is None:
                sys.exit('%s:%d: expected "file: PATH" or "PATTERN => REPLACEMENT"' % (path, n))
            pattern, replacement = line.split(' => ', 1)
            out.append((current, pattern, replacement, n))
    return out


def sync_tree(tree):
    """Copies the files git knows (tracked or new, not ignored) into tree, changed ones only."""
    names = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=TOP,
                           check=True, capture_output=True).stdout.decode().split('\0')
    names = {n for n in names if n and os.path.isfile(os.path.join(TOP, n))}
    for name in names:
        src, dst = os.path.join(TOP, name), os.path.join(tree, name)
        with open(src, 'rb') as f:
            data = f.read()
        if os.path.exists(dst):
            with open(dst, 'rb') as f:
                if f.read() == data:
                    continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        os.utime(dst)  # newer than anything built from the old copy
    for root, _, files in os.walk(tree):
        for fn in files:
            rel = os.path.relpath(os.path.join(root, fn), tree)
            if rel not in names:
                os.unlink(os.path.join(root, fn))


def run(cmd, log, timeout=None):
    """The status of cmd, its output in log; 124 when it ran out of time. The command runs in
    a session of its own, so that a timeout or Ctrl-C ends every process it started."""
    with open(log, 'w') as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return 124
        except BaseException:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            raise


def failed_test(log):
    """The name of the first failed test in a meson test log, for the report."""
    with open(log, encoding='utf-8', errors='replace') as f:
        for line in f:
            if ' FAIL ' in line or ' TIMEOUT ' in line:
                parts = line.split()
                # " 7/36 tinnhiem:unit / bundle   FAIL   1.8s   exit status 1"
                if '/' in parts:
                    return parts[parts.index('/') + 1]
    return '?'


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)
    os.utime(path)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--list', default=os.path.join(TOP, 'tests', 'mutations.txt'))
    ap.add_argument('--only', help='only mutations of files whose path contains TEXT')
    ap.add_argument('--lines', help='only the mutations on these lines of the list: 10,25')
    ap.add_argument('--dir', default=os.path.join(TOP, 'build-mut'))
    ap.add_argument('--all-tests', action='store_true', help='run the slow tests too')
    ap.add_argument('--dry-run', action='store_true', help='check the list: stale patterns only')
    args = ap.parse_args()

    mutations = parse_list(args.list)
    if args.only:
        mutations = [m for m in mutations if args.only in m[0]]
    if args.lines:
        wanted = {int(n) for n in args.lines.split(',')}
        mutations = [m for m in mutations if m[3] in wanted]
    tree, build = os.path.join(args.dir, 'tree'), os.path.join(args.dir, 'build')
    log = os.path.join(args.dir, 'last.log')
    if args.dry_run:
        tree = TOP  # read only: the patterns are looked for in the working tree
    else:
        os.makedirs(tree, exist_ok=True)
        lock = open(os.path.join(args.dir, 'lock'), 'w')
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            sys.exit('another mutation run is using ' + args.dir)
        sync_tree(tree)

    if not args.dry_run:
        if not os.path.exists(os.path.join(build, 'build.ninja')):
            if run(['meson', 'setup', build, tree], log) != 0:
                sys.exit('meson setup failed: see ' + log)
        if run(['meson', 'compile', '-C', build], log) != 0:
            sys.exit('the unchanged tree does not build: see ' + log)
        listed = subprocess.run(['meson', 'test', '-C', build, '--list', '--no-rebuild',
                                 '--no-suite', 'slow'], check=True, capture_output=True,
                                text=True).stdout.splitlines()
        listed = [n for n in listed if ' / ' in n]
        tests = [n.split(' / ')[-1].strip() for n in listed]
        tests = [t for t in tests if args.all_tests or t not in SLOW]
        base = ['meson', 'test', '-C', build, '--no-rebuild']
        start = time.time()
        if run(base + tests, log) != 0:
            sys.exit('the unchanged tree fails its tests: see ' + log)
        budget = max(120, 3 * (time.time() - start))  # a mutant that loops is killed
        # the quick tests first, the rest only for the mutants that they let pass
        took = {}
        with open(os.path.join(build, 'meson-logs', 'testlog.json'), encoding='utf-8') as f:
            for line in f:
                t = json.loads(line)
                took[t['name'].split(' / ')[-1].strip()] = t['duration']
        quick = [t for t in tests if took.get(t, 0) < QUICK]
        stages = [base + ['--maxfail', '1'] + quick,
                  base + ['--maxfail', '1'] + [t for t in tests if t not in quick]]

    # a second Ctrl-C or a TERM must not leave a mutant behind either
    signal.signal(signal.SIGTERM, interrupt)
    results = []
    try:
        for i, (name, pattern, replacement, lineno) in enumerate(mutations, 1):
            path = os.path.join(tree, name)
            label = '%s:%d' % (os.path.basename(args.list), lineno)
            try:
                with open(path, 'rb') as f:
                    original = f.read()
            except FileNotFoundError:
                original = b''
            count = original.count(pattern.encode())
            if count != 1:
                status, detail = 'stale', 'pattern found %d times' % count
            elif args.dry_run:
                status, detail = 'ok', ''
            else:
                try:
                    write(path, original.replace(pattern.encode(), replacement.encode()))
                    if run(['meson', 'compile', '-C', build], log) != 0:
                        status, detail = 'unbuildable', ''
                    else:
                        for stage in stages:
                            rc = run(stage, log, timeout=budget)
                            if rc != 0:
                                break
                        status = 'survived' if rc == 0 else 'killed'
                        detail = '' if rc == 0 else ('timeout' if rc == 124 else failed_test(log))
                finally:
                    write(path, original)
            results.append((name, pattern, replacement, label, status))
            print('[%d/%d] %-11s %s: %s => %s%s' % (i, len(mutations), status, name, pattern,
                                                    replacement, ' (%s)' % detail if detail
                                                    else ''), flush=True)
    except KeyboardInterrupt:
        print('\ninterrupted; the tree is restored', file=sys.stderr)
    report(results)
    return 0


def report(results):
    files = sorted({r[0] for r in results})
    print('\n%-28s %7s %8s %11s %6s' % ('file', 'killed', 'survived', 'unbuildable', 'stale'))
    for fn in files:
        rs = [r[4] for r in results if r[0] == fn]
        print('%-28s %7d %8d %11d %6d' % (fn, rs.count('killed'), rs.count('survived'),
                                          rs.count('unbuildable'), rs.count('stale')))
    statuses = [r[4] for r in results]
    killed, survived = statuses.count('killed'), statuses.count('survived')
    if killed + survived:
        print('\nscore: %d of %d mutants killed (%.1f%%); %d unbuildable, %d stale' %
              (killed, killed + survived, 100.0 * killed / (killed + survived),
               statuses.count('unbuildable'), statuses.count('stale')))
    for status in ('survived', 'stale'):
        rows = [r for r in results if r[4] == status]
        if rows:
            print('\n%s:' % status)
            for name, pattern, replacement, label, _ in rows:
                print('  %s  %s: %s => %s' % (label, name, pattern, replacement))


if __name__ == '__main__':
    sys.exit(main())
