#!/usr/bin/env bash
# Every target of issue 15 measured in one run, one part after the other (they share the cores: never in parallel),
# into one dated section of bench/RESULTS.md: end to end at concurrency 32 and open loop at 1,000 orders/s on H2
# (WRITE_DELAY=0) and on PostgreSQL (embedded, fsync on), each with its JDK-client and wrk (native) ceilings; a
# 100,000-order backlog through polling (-Xmx256m); the write-back of 1,000 orders; the quick fault runs.
# Usage: bench/targets.sh [orders (10000)] [backlog (100000)]   (about 15 minutes on 2 cores; wrk: apt-get install wrk)
# Exit code: 1 when a fault run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; BACKLOG=${2:-100000}
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/demo-classes:target/classes:$(cat target/bench.classpath)"
JAVA="java -Dsun.net.httpserver.nodelay=true -cp $CP"
START=$(date +%s)
TP="$N 32 --rates 1000 --seconds 10"
echo "throughput on H2 ($TP)..." >&2
H2=$($JAVA -Xmx2g dev.wootrack.bench.ThroughputBench $TP 2>bench/out/targets-h2.err | grep '^|')
echo "throughput on PostgreSQL ($TP)..." >&2
PG=$($JAVA -Xmx2g -Dwootrack.test.database=postgresql dev.wootrack.bench.ThroughputBench $TP \
  2>bench/out/targets-pg.err | grep '^|')
echo "backlog ($BACKLOG)..." >&2
BL=$($JAVA -Xmx3g dev.wootrack.bench.BacklogBench "$BACKLOG" 2>bench/out/targets-backlog.err | grep '^|')
echo "write-back (1000 orders, parallelism 8, the default, and 16)..." >&2
WB=$($JAVA -Xmx1g dev.wootrack.bench.WriteBackBench 1000 8 16 2>bench/out/targets-writeback.err | grep '^|')
echo "faults (quick)..." >&2
set +e
FAULTS=$($JAVA -Xmx1g dev.wootrack.bench.FaultsBench quick 2>bench/out/targets-faults.err | grep '^|')
FAULTS_RC=$?
set -e
MINUTES=$(( ($(date +%s) - START + 59) / 60 ))
{
  echo
  echo "## $(date -u +%Y-%m-%d) — issue 15's targets in one run, bench/targets.sh (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: \`bench/targets.sh $N $BACKLOG\` (about $MINUTES min); logs in bench/out/targets-*"
  echo
  echo "### End to end on H2 (WRITE_DELAY=0): \`ThroughputBench $TP\`"
  echo
  echo "$H2"
  echo
  echo "### End to end on PostgreSQL (embedded, fsync on): the same, \`-Dwootrack.test.database=postgresql\`"
  echo
  echo "$PG"
  echo
  echo "### Backlog through polling: \`BacklogBench $BACKLOG\` (WooTrack -Xmx256m)"
  echo
  echo "$BL"
  echo
  echo "### Write-back: \`WriteBackBench 1000 8 16\` (8: the default \`wootrack.writeback.parallelism\`)"
  echo
  echo "$WB"
  echo
  echo "### Faults: \`FaultsBench quick\`"
  echo
  echo "$FAULTS"
} | tee -a bench/RESULTS.md
[ "$FAULTS_RC" -eq 0 ] || exit 1
