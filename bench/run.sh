#!/usr/bin/env bash
# End-to-end throughput: signed webhooks -> WooTrack -> TrackingTech sandbox, all over loopback.
# Usage: bench/run.sh [orders] [concurrency...]   (default: 2000 orders at concurrency 1, 8, 32)
# Appends a dated section with the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}; shift || true
LEVELS=${*:-1 8 32}
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
OUT=$(java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.wootrack.bench.ThroughputBench "$N" $LEVELS 2>/dev/null | grep '^|')
{
  echo
  echo "## $(date -u +%Y-%m-%d) — end-to-end throughput (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/run.sh $N $LEVELS\`"
  echo "- what: signed order webhooks over loopback HTTP into WooTrack (real routes, H2 file database with"
  echo "  WRITE_DELAY=0), delivered to the in-process TrackingTech sandbox; orders/s is from the first webhook to"
  echo "  the last order stored at the sandbox"
  echo
  echo "$OUT"
} | tee -a bench/RESULTS.md
