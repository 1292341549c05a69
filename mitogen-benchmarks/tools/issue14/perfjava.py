#!/usr/bin/env python3
"""Per thread: samples grouped by the leaf-most Java frame (JIT code named in the perf map),
so a kernel copy or a stub counts under the Java method that asked for it."""
import subprocess, sys, collections, re
def main(path, pid_filter=None, top=12):
    out = subprocess.run(['perf', 'script', '-f', '-i', path, '-F', 'comm,pid,tid,ip,sym'], capture_output=True, text=True).stdout
    per = collections.defaultdict(collections.Counter)
    tot = collections.Counter()
    for block in out.split('\n\n'):
        lines = [l for l in block.split('\n') if l.strip()]
        if not lines:
            continue
        m = re.match(r'\s*(.+?)\s+(\d+)/(\d+)', lines[0])
        if not m:
            continue
        comm, pid = re.sub(r'\[.*', '', m.group(1)), m.group(2)
        if pid_filter and pid != pid_filter:
            continue
        frames = [l.strip().split(' ', 1)[1] if ' ' in l.strip() else l.strip() for l in lines[1:]]
        java = next((f for f in frames if '(' in f and ('.' in f.split('(')[0])), None)
        if java is None:
            java = '[no java frame] ' + (frames[0] if frames else '?')
        java = re.sub(r'^\S+ ', '', java) if java.startswith(('void ', 'int ', 'long ', 'boolean ', 'byte', 'java', 'org', 'io', 'com', 'sun', 'jdk')) and ' ' in java.split('(')[0] else java
        key = (pid, comm)
        per[key][java[:120]] += 1
        tot[key] += 1
    for key, n in tot.most_common():
        if n < 80:
            continue
        print(f'== pid {key[0]} {key[1]}: {n} samples')
        for f, k in per[key].most_common(top):
            print(f'   {100*k/n:5.1f}%  {f}')
main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
