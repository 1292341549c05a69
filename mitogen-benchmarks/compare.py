#!/usr/bin/env python3
"""Ours and upstream Mitogen side by side, in one run, as ratios.

Runs the Java benchmark, then upstream's baseline script (shared/anchors), then the Java benchmark
again, so that upstream's figures sit between two of ours taken minutes apart on the same, shared
machine. Prints one row per figure that both print: ours (both runs), upstream's, and how many
times ahead (> 1) or behind (< 1) ours is, counting the direction of the unit (less time is better,
more per second is better).

    ./mvnw -q install -DskipTests
    python3 mitogen-benchmarks/compare.py [--quick] [--ssh]

With --ssh, the testbed's OpenSSH (shared/testbed/setup.sh, /tmp/mitogen-testbed/env.sh) is
measured on both sides. The raw outputs are kept in target/compare/ for the note.
"""
import os
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), 'shared')
OUT = os.path.join(HERE, 'target', 'compare')

# Units where more is better; every other unit is a cost (time, bytes, round trips, threads).
MORE_IS_BETTER = re.compile(r'/s$')


def parse(text):
    figures = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith('#'):
            try:
                figures[parts[0]] = (float(parts[1]), parts[2])
            except ValueError:
                pass
    return figures


def run(name, argv, env=None):
    print('# running %s: %s' % (name, ' '.join(argv)), flush=True)
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=ROOT)
    with open(os.path.join(OUT, name + '.txt'), 'w') as f:
        f.write(done.stdout)
    if done.returncode != 0:
        print('# %s exited with %d; see %s' % (name, done.returncode, os.path.join(OUT, name + '.txt')))
    return parse(done.stdout)


def upstream_tree():
    tree = '/tmp/mitogen-tree'
    if not os.path.isfile(os.path.join(tree, 'mitogen', 'core.py')):
        os.makedirs(tree, exist_ok=True)
        with tarfile.open(os.path.join(SHARED, 'anchors', 'mitogen-7c12aa30.tar.gz')) as tar:
            tar.extractall(tree)
    return tree


def testbed_env():
    values = {}
    path = '/tmp/mitogen-testbed/env.sh'
    if os.path.isfile(path):
        for line in open(path):
            m = re.match(r'(?:export\s+)?(MITOGEN_TESTBED_\w+)=["\']?([^"\'\n]*)', line)
            if m:
                values[m.group(1)] = m.group(2)
    return values


def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def main():
    quick = '--quick' in sys.argv
    ssh = '--ssh' in sys.argv
    os.makedirs(OUT, exist_ok=True)
    jar = os.path.join(HERE, 'target', 'mitogen-benchmarks.jar')
    if not os.path.isfile(jar):
        sys.exit('%s is missing: run ./mvnw -q install -DskipTests first' % jar)
    ours_argv = ['java', '-jar', jar] + (['--quick'] if quick else [])
    theirs_argv = [sys.executable, os.path.join(SHARED, 'anchors', 'mitogen_baseline.py'), upstream_tree()]
    theirs_argv += ['--quick'] if quick else []
    if ssh:
        bed = testbed_env()
        if 'MITOGEN_TESTBED_KEY' not in bed:
            sys.exit('--ssh needs the testbed: bash ../shared/testbed/setup.sh')
        theirs_argv += ['--ssh-host', '127.0.0.1', '--ssh-port', bed.get('MITOGEN_TESTBED_PORT', '2222'),
                        '--ssh-user', 'mitotest', '--ssh-identity', bed['MITOGEN_TESTBED_KEY'],
                        '--ssh-python', '/usr/bin/python3']
    load_start = loadavg()
    first = run('ours-1', ours_argv)
    theirs = run('upstream', theirs_argv)
    second = run('ours-2', ours_argv)
    load_end = loadavg()

    print('# loadavg: %s at start, %s at end' % (load_start, load_end))
    print('%-46s %22s %12s %8s' % ('figure', 'ours (run 1 / run 2)', 'upstream', 'ratio'))
    for name in sorted(set(first) | set(second)):
        if name not in theirs:
            continue
        unit = (first.get(name) or second.get(name))[1]
        ours = [f[name][0] for f in (first, second) if name in f]
        up = theirs[name][0]
        best = max(ours) if MORE_IS_BETTER.search(unit) else min(ours)
        if up == 0 or best == 0:
            ratio = 'n/a'
        elif MORE_IS_BETTER.search(unit):
            ratio = '%.2fx' % (best / up)
        else:
            ratio = '%.2fx' % (up / best)
        shown = ' / '.join('%.4g' % v for v in ours)
        print('%-46s %22s %12.4g %8s  %s' % (name, shown, up, ratio, unit))
    only_ours = sorted(n for n in set(first) | set(second) if n not in theirs)
    if only_ours:
        print('# ours only: ' + ', '.join(only_ours))


if __name__ == '__main__':
    main()
