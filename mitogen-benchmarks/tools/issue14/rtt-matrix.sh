#!/bin/bash
# Runs the rtt figures under each placement, twice, alternating; one summary line per round.
cd /work/wt/issue-14
JAR=mitogen-benchmarks/target/mitogen-benchmarks.jar
tag=${1:-m}
for rep in 1 2; do
  for cfg in free cpu0 split010 split011; do
    out=/tmp/i14/rtt-$tag-$cfg-$rep.txt
    case $cfg in
      free) timeout 300 java -jar $JAR --only rtt --rounds 3 > $out 2>&1 ;;
      cpu0) timeout 300 taskset -c 0 java -jar $JAR --only rtt --rounds 3 > $out 2>&1 ;;
      split010) timeout 300 java -jar $JAR --only rtt --rounds 3 --pin 'master=0;child=1;grandchild=0' > $out 2>&1 ;;
      split011) timeout 300 java -jar $JAR --only rtt --rounds 3 --pin 'master=0;child=1;grandchild=1' > $out 2>&1 ;;
    esac
    echo "$cfg rep$rep load[$(head -2 $out | tail -1 | cut -d' ' -f5-7)] direct p50: $(grep '^# direct: p10' $out | awk '{print $6}' | tr '\n' ' ') via p50: $(grep '^# via: p10' $out | awk '{print $6}' | tr '\n' ' ')"
  done
done
