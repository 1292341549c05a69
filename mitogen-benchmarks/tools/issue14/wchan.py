#!/usr/bin/env python3
"""Off-CPU sampler: every ~1 ms, for each thread of the given pids, its state (R/S/D) and, when
asleep, the kernel function it sleeps in (/proc/<pid>/task/<tid>/wchan). Prints per thread name the
share of samples running / runnable and asleep by wchan."""
import os, sys, time, collections, re
pids = sys.argv[1].split(',')
dur = float(sys.argv[2])
c = collections.defaultdict(collections.Counter)
n = collections.Counter()
end = time.time() + dur
while time.time() < end:
    for pid in pids:
        try:
            tids = os.listdir(f'/proc/{pid}/task')
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                comm = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                st = open(f'/proc/{pid}/task/{tid}/stat').read()
                state = st[st.rindex(')') + 2]
                w = open(f'/proc/{pid}/task/{tid}/wchan').read().strip() if state != 'R' else 'RUNNING/RUNNABLE'
            except (FileNotFoundError, ProcessLookupError):
                continue
            key = f'{pid}:{re.sub(r"[0-9]+$", "", comm)}/{tid}'
            c[key][w] += 1
            n[key] += 1
    time.sleep(0.001)
for key, tot in sorted(n.items()):
    if c[key]['RUNNING/RUNNABLE'] < 0.03 * tot and not any(x in key for x in ('mitogen', 'sshd', 'Thread-0')):
        continue
    print(f'{key}: ' + ', '.join(f'{w} {100*k/tot:.0f}%' for w, k in c[key].most_common(5)))
