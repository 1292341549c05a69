#!/usr/bin/env python3
"""Upstream Mitogen's fleet figures, measured as FleetFigures measures ours.

    python3 mitogen-benchmarks/fleet_upstream.py /tmp/mitogen-tree [--quick]

Needs the testbed (source /tmp/mitogen-testbed/env.sh): n ssh contexts to its OpenSSH, 32
connecting at a time (upstream's connect is synchronous: 32 threads, as its MITOGEN_POOL_SIZE),
one call each; then the master's threads and resident size, and shutting them all down at once
(every shutdown() asked, then every latch waited for, as mitogen_baseline.py does). Prints
`name value unit` lines under the names FleetFigures prints (no heap figure: Python has none
comparable). The tree is put first on sys.path and imported; nothing of it is copied here.

Functions at the top level run inside the children (served as __main__): standard library only.
"""
import os
import queue
import sys
import threading
import time


def do_nothing():
    return None


def _rss_mb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return -1


def _loadavg():
    with open('/proc/loadavg') as f:
        return f.read().strip()


def emit(name, value, unit):
    print('%s %s %s' % (name, ('%.2f' % value) if isinstance(value, float) else value, unit), flush=True)


def fleet(router, kw, n, baseline_threads):
    print('# fleet%d: loadavg %s' % (n, _loadavg()), flush=True)
    todo = queue.Queue()
    for i in range(n):
        todo.put(i)
    ctxs, errs = [], []
    lock = threading.Lock()

    def worker():
        while True:
            try:
                todo.get_nowait()
            except queue.Empty:
                return
            try:
                ctx = router.ssh(**kw)
                ctx.call(do_nothing)
                with lock:
                    ctxs.append(ctx)
            except Exception as e:
                with lock:
                    errs.append(e)

    t0 = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(min(32, n))]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.monotonic() - t0
    if errs:
        print('# fleet%d: %d of %d failed: %r' % (n, len(errs), n, errs[0]), flush=True)
    emit('fleet%d_ssh_connect_and_call_ms' % n, 1e3 * elapsed, 'ms')
    held = threading.active_count()
    emit('fleet%d_master_threads' % n, held, 'threads')
    emit('fleet%d_master_threads_per_context' % n, (held - baseline_threads) / float(max(1, len(ctxs))), 'threads')
    emit('fleet%d_master_rss_mb' % n, _rss_mb(), 'MB')
    t1 = time.monotonic()
    latches = [c.shutdown() for c in ctxs]
    for latch in latches:
        latch.get()
    emit('fleet%d_shutdown_all_ms' % n, 1e3 * (time.monotonic() - t1), 'ms')


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith('-'):
        sys.exit(__doc__)
    tree = os.path.abspath(sys.argv[1])
    quick = '--quick' in sys.argv
    sys.path.insert(0, tree)
    import mitogen.master
    import mitogen.utils
    if 'MITOGEN_TESTBED_HOST' not in os.environ:
        sys.exit('source /tmp/mitogen-testbed/env.sh first (the testbed OpenSSH)')
    kw = dict(hostname=os.environ['MITOGEN_TESTBED_HOST'], port=int(os.environ['MITOGEN_TESTBED_PORT']),
              username=os.environ['MITOGEN_TESTBED_KEY_USER'], identity_file=os.environ['MITOGEN_TESTBED_KEY'],
              python_path='/usr/bin/python3', check_host_keys='ignore', connect_timeout=120)
    print('# upstream mitogen fleet, Python %d.%d.%d, loadavg at start: %s'
          % (sys.version_info[:3] + (_loadavg(),)), flush=True)
    broker = mitogen.master.Broker()
    router = mitogen.master.Router(broker)
    try:
        warm = router.ssh(**kw)
        warm.call(do_nothing)
        warm.shutdown(wait=True)
        baseline = threading.active_count()
        print('# master threads before the fleets: %d' % baseline, flush=True)
        for n in ((10, 50) if quick else (10, 50, 100)):
            fleet(router, kw, n, baseline)
    finally:
        broker.shutdown()
        broker.join()
    print('# loadavg at end: %s' % _loadavg(), flush=True)


if __name__ == '__main__':
    main()
