#!/usr/bin/env python3
"""Aggregates a JFR file's execution samples: per thread, then by category of the stack
(the first frame, from the top, that matches a category), then top frames."""
import json, subprocess, sys, collections, re

CATS = [
    ('gcm/aes (cipher)', re.compile(r'GaloisCounterMode|GHASH|AESCrypt|CounterMode|com\.sun\.crypto\.provider\.(AES|GCTR)|BaseCipher|CipherCore|javax\.crypto\.Cipher')),
    ('mac', re.compile(r'\bMac\b|HmacCore|BaseMac|\.mac\.')),
    ('mina piped stream', re.compile(r'ChannelPipedInputStream|ChannelPipedOutputStream')),
    ('mina window', re.compile(r'RemoteWindow|LocalWindow|\.Window\.')),
    ('mina channel/session', re.compile(r'org\.apache\.sshd\.common\.(channel|session)|org\.apache\.sshd\.client\.channel')),
    ('mina io/nio2', re.compile(r'org\.apache\.sshd\.common\.io')),
    ('mina properties', re.compile(r'PropertyResolver|SyspropsMapWrapper|Property\$')),
    ('mina buffer', re.compile(r'org\.apache\.sshd\.common\.util\.buffer')),
    ('mina other', re.compile(r'org\.apache\.sshd')),
    ('mitogen codec', re.compile(r'io\.mitogen\.core\.internal\.wire\.(Codec|ValueEncoder|TypeDecoder|PlanBuilder)')),
    ('mitogen frames', re.compile(r'io\.mitogen\.core\.internal\.wire\.(Frames|Message)')),
    ('mitogen stream', re.compile(r'io\.mitogen\.core\.internal\.router\.Stream')),
    ('mitogen other', re.compile(r'io\.mitogen')),
    ('benchmark', re.compile(r'io\.mitogen\.benchmarks')),
    ('jdk io/nio', re.compile(r'sun\.nio|java\.nio|java\.io|FileDispatcher|FileOutputStream|FileInputStream')),
    ('jdk locks/park', re.compile(r'locks\.|LockSupport|Unsafe\.park')),
]

def cat_of(frames):
    # Innermost first: the first frame that names a category decides, so a copy inside
    # ChannelPipedInputStream counts as the piped stream.
    for f in frames:
        for name, rx in CATS:
            if rx.search(f):
                return name
    return 'other: ' + (frames[0] if frames else '?')

def frame_name(f):
    m = f['method']
    return m['type']['name'] + '.' + m['name']

def main(path, events):
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '40', '--events', events, path],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    by_thread = collections.Counter()
    by_cat = collections.defaultdict(collections.Counter)
    top = collections.defaultdict(collections.Counter)
    for e in data['recording']['events']:
        v = e['values']
        t = v['sampledThread']['javaName'] if v.get('sampledThread') else '?'
        t = re.sub(r'\[[0-9a-f]+\]', '', t)
        frames = [frame_name(f) for f in (v['stackTrace']['frames'] if v.get('stackTrace') else [])]
        by_thread[t] += 1
        by_cat[t][cat_of(frames)] += 1
        top[t][frames[0] if frames else '?'] += 1
    total = sum(by_thread.values())
    print(f'{path} {events}: {total} samples')
    for t, n in by_thread.most_common():
        if n < total * 0.02:
            continue
        print(f'  {t}: {n} samples ({100*n/total:.0f}%)')
        for c, k in by_cat[t].most_common(8):
            print(f'      {100*k/n:5.1f}%  {c}')
        print('      top frames: ' + '; '.join(f'{f.split(".")[-2]}.{f.split(".")[-1]} {100*k/n:.0f}%' for f, k in top[t].most_common(6)))

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'jdk.ExecutionSample')
