import sys,collections,re,subprocess
out=subprocess.run(['perf','script','-f','-i',sys.argv[1],'-F','comm,tid,ip,sym'],capture_output=True,text=True).stdout
c=collections.Counter(); tot=collections.Counter()
for b in out.split('\n\n'):
    L=[l.strip() for l in b.split('\n') if l.strip()]
    if len(L)<2: continue
    comm=re.sub(r'\s+\d+$','',L[0]).strip()
    if not (comm.startswith('mitogen-read') or comm=='java'): continue
    fr=[x.split(' ',1)[1] if ' ' in x else x for x in L[1:]]
    tot['all path']+=1
    s=' <- '.join(fr[:3])
    if fr[0]=='_raw_spin_unlock_irqrestore' and 'anon_pipe_write' in s: c['pipe write: waking the reader (irqrestore)']+=1
    elif fr[0]=='_raw_spin_unlock_irqrestore' and 'try_to_wake_up' in s: c['futex wake: waking a thread (irqrestore)']+=1
    elif 'reschedule_ipi' in ' '.join(fr[:3]): c['receiving a reschedule IPI']+=1
    elif fr[0].startswith('finish_task_switch'): c['context switch in (finish_task_switch)']+=1
print(sys.argv[1], dict(tot), {k: f'{100*v/tot["all path"]:.1f}%' for k,v in c.most_common()})
