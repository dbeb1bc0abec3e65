#!/usr/bin/env bash
# The way back (issue 15): N orders sent, each advanced four times at TrackingTech at once, then WooTrack (its own JVM)
# writes them back into the WooCommerce simulator: seconds until every order is completed, orders/s, order updates
# (PUT) and customer notes, at each wootrack.writeback.parallelism.
# Usage: bench/writeback.sh [orders] [parallelism...]   (default: 500 1 8)
# Appends a dated section with the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}; shift || true
P=${*:-1 8}
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/demo-classes:target/classes:$(cat target/bench.classpath)"
OUT=$(java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.wootrack.bench.WriteBackBench "$N" $P \
  2>bench/out/writeback.err | grep '^|')
{
  echo
  echo "## $(date -u +%Y-%m-%d) — write-back into WooCommerce (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/writeback.sh $N $P\`"
  echo "- what: $N orders, four changes each (label created, picked up, in transit, delivered) in the feed, written"
  echo "  back by WooTrack (its own JVM, H2 WRITE_DELAY=0) into the WooCommerce simulator (OAuth 1.0a, in the bench's JVM)."
  echo
  echo "$OUT"
} | tee -a bench/RESULTS.md
