#!/usr/bin/env python3
"""Per process and thread: where cpu-clock samples go, by category of the leaf-most frame
that names one (a copy inside MINA's pipe counts as MINA's pipe). perf script with callchains."""
import subprocess, sys, collections, re

CATS = [
    ('aes-gcm cipher', r'GaloisCounterMode|GHASH|ghash|AESCrypt|aes|CounterMode|GCTR|CipherCore|javax\.crypto|chacha|poly1305|EVP_|gcm|Cipher|cipher_crypt'),
    ('mac', r'HmacCore|BaseMac|hmac|umac|mac_compute|Mac\.'),
    ('mina piped stream', r'ChannelPipedInputStream|ChannelPipedOutputStream'),
    ('mina channel/window', r'org\.apache\.sshd\.common\.channel|org\.apache\.sshd\.client\.channel|Window'),
    ('mina session/packet', r'org\.apache\.sshd\.common\.session|AbstractSession|PacketBuffer|SessionHelper'),
    ('mina nio2', r'org\.apache\.sshd\.common\.io'),
    ('mina other', r'org\.apache\.sshd'),
    ('mitogen wire (frames/codec)', r'io\.mitogen\.core\.internal\.wire'),
    ('mitogen stream', r'io\.mitogen\.core\.internal\.router\.Stream'),
    ('mitogen other', r'io\.mitogen'),
    ('jdk nio channels', r'sun\.nio\.ch|java\.nio'),
    ('java.io streams', r'java\.io\.|BufferedOutputStream|DataInputStream'),
    ('locks/park (java)', r'java\.util\.concurrent\.locks|LockSupport|Unsafe_Park|Unsafe_Unpark|Parker::'),
    ('gc', r'G1|SerialHeap|DefNewGeneration|TenuredGeneration|GenCollectedHeap|Copy::|oopDesc|ScavengeRootsTask|CollectedHeap|MemAllocator|ObjArrayAllocator|TypeArrayKlass::allocate|OptoRuntime::new_array|Runtime1::new_type_array|InstanceKlass::allocate|clear_page|do_anonymous_page|exc_page_fault|handle_mm_fault|unmap_page_range|zap_pte|free_pages|madvise'),
    ('futex/scheduler (kernel)', r'futex|schedule|finish_task_switch|try_to_wake_up|ttwu|wake_up|select_task_rq|enqueue_task|dequeue_task|pick_next|_raw_spin_unlock_irqrestore|idle|hrtimer'),
    ('pipe/socket copy (kernel)', r'_copy_to_iter|_copy_from_iter|copy_user|copy_page_to_iter|copy_page_from_iter|pipe_read|pipe_write|anon_pipe|tcp_|skb|sock_|__sys_sendto|__sys_recvfrom|inet_|ip_|__dev_queue|net_rx|loopback|__netif|napi'),
    ('syscall entry/exit (kernel)', r'entry_SYSCALL|do_syscall_64|syscall_exit|exit_to_user_mode|syscall_return'),
    ('epoll/poll (kernel)', r'epoll|do_poll|do_select|poll_'),
    ('memcpy/memset (libc)', r'memmove|memcpy|memset'),
    ('jit stubs (arraycopy)', r'StubRoutines|jbyte_disjoint_arraycopy|arraycopy'),
    ('interpreter', r'Interpreter'),
    ('jit compiler', r'C2Compiler|Compile::|PhaseIdealLoop|Compilation::|C1_|LinearScan|ciEnv'),
]
CATS = [(n, re.compile(rx)) for n, rx in CATS]

def cat_of(frames):
    for f in frames:
        for name, rx in CATS:
            if rx.search(f):
                return name
    return 'other: ' + (frames[0][:70] if frames else '?')

def main(path, limit=3.0):
    out = subprocess.run(['perf', 'script', '-f', '-i', path, '-F', 'comm,pid,tid,ip,sym'],
                         capture_output=True, text=True).stdout
    samples = []
    cur = None
    for line in out.split('\n'):
        if not line.strip():
            if cur:
                samples.append(cur)
            cur = None
            continue
        if not line.startswith((' ', '\t')):
            m = re.match(r'\s*(.+?)\s+(\d+)/(\d+)', line)
            cur = (m.group(1), m.group(2), [])
        elif cur is not None:
            parts = line.strip().split(' ', 1)
            cur[2].append(parts[1] if len(parts) > 1 else parts[0])
    if cur:
        samples.append(cur)
    total = len(samples)
    by_pid = collections.Counter(s[1] for s in samples)
    print(f'{path}: {total} samples')
    for pid, n in by_pid.most_common():
        print(f' pid {pid}: {n} samples ({100*n/total:.1f}% of all)')
        threads = collections.Counter(re.sub(r'\[.*', '', s[0]) for s in samples if s[1] == pid)
        for t, k in threads.most_common():
            if 100 * k / total < 1.0:
                continue
            cats = collections.Counter(cat_of(s[2]) for s in samples if s[1] == pid and re.sub(r'\[.*', '', s[0]) == t)
            print(f'   {t}: {100*k/total:.1f}% of all; ' + ', '.join(f'{c} {100*v/k:.0f}%' for c, v in cats.most_common() if 100*v/k >= limit))

if __name__ == '__main__':
    main(sys.argv[1])
