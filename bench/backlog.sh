#!/usr/bin/env bash
# A backlog of orders through polling: WooCommerce simulator -> WooTrack (child JVM, -Xmx256m) -> TrackingTech sandbox.
# Usage: bench/backlog.sh [N...]   (default: 10000 50000 100000)
# Appends a dated section with the figures to bench/RESULTS.md; GC and WooTrack logs go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-10000 50000 100000}
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
OUT=$(java -Xmx3g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.wootrack.bench.BacklogBench $SIZES 2>/dev/null | grep '^|')
{
  echo
  echo "## $(date -u +%Y-%m-%d) — backlog through polling (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/backlog.sh $SIZES\`"
  echo "- what: the WooCommerce simulator holds N processing orders; WooTrack (its own JVM, -Xmx256m, H2 file"
  echo "  with WRITE_DELAY=0, OAuth 1.0a) polls them 100 per request into the inbox and delivers them to the"
  echo "  TrackingTech sandbox. orders/s is from the first list request to the last order stored; heap figures"
  echo "  are WooTrack's alone, from its GC log"
  echo
  echo "$OUT"
} | tee -a bench/RESULTS.md
