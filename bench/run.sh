#!/usr/bin/env bash
# End-to-end throughput and latency (bench/throughput): signed webhooks -> WooTrack (its own JVM) -> TrackingTech
# sandbox, all over loopback. Closed loop at each concurrency, open loop at fixed rates, and the ceiling (the same
# sender straight to the sandbox).
# Usage: bench/run.sh [orders] [concurrency...] [--rates r1,r2] [--seconds S]
#        (default: 20000 orders at concurrency 1, 8, 32; open loop at 500 and 1000 orders/s for 20 s)
# Appends a dated section with the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; shift || true
ARGS=${*:-1 8 32 --rates 500,1000 --seconds 20}
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
OUT=$(java -Xmx2g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.wootrack.bench.ThroughputBench "$N" $ARGS \
  2>bench/out/throughput.err | grep '^|')
{
  echo
  echo "## $(date -u +%Y-%m-%d) — end-to-end throughput and latency (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/run.sh $N $ARGS\`"
  echo "- what: signed order webhooks over loopback HTTP into WooTrack (its own JVM, -Xmx512m; real routes, H2 file"
  echo "  with WRITE_DELAY=0), delivered to the TrackingTech sandbox in the load tool's JVM. orders/s: first webhook"
  echo "  to last order stored at the sandbox. Open loop: latency from each order's planned send time. CPU: WooTrack's"
  echo "  process CPU time over the run ÷ orders. RSS: WooTrack's VmHWM."
  echo
  echo "$OUT"
} | tee -a bench/RESULTS.md
