#!/usr/bin/env bash
# Every benchmark and fault run, one after the other (they share 2 cores: never in parallel), into one dated
# section of bench/RESULTS.md: machine, date, commit, the command of each part, its table, and a verdict per
# fault run. Run it after the build, from the checkout (../shared/fixtures beside it, as for the tests).
#
# Usage: bench/run-all.sh [quick|full]
#   quick (about 8 minutes): throughput 3,000 orders at concurrency 8 and 32, open loop 300 orders/s for 10 s;
#                            backlog 10,000; repository cost at 10,000 keys; the console's queries at 10,000 and
#                            100,000 orders; the quick fault runs (as in CI)
#   full  (about an hour):   throughput 20,000 orders at 1, 8, 32, open loop 500 and 1,000 orders/s for 20 s;
#                            backlog 10,000 / 50,000 / 100,000; repository cost at 10,000 and 1,000,000 keys;
#                            the full fault runs (kill -9 during 10,000 orders, a 30 s outage, ...)
# Exit code: 1 when a fault run failed (lost an order, created a second shipment, or missed its own check).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}
case "$MODE" in
  quick) TP="3000 8 32 --rates 300 --seconds 10"; BACKLOG="10000"; IDEM="10000" ;;
  full)  TP="20000 1 8 32 --rates 500,1000 --seconds 20"; BACKLOG="10000 50000 100000"; IDEM="10000 1000000" ;;
  *) echo "usage: bench/run-all.sh [quick|full]" >&2; exit 2 ;;
esac
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
JAVA="java -Dsun.net.httpserver.nodelay=true -cp $CP"
START=$(date +%s)

echo "throughput ($TP)..." >&2
THROUGHPUT=$($JAVA -Xmx2g dev.wootrack.bench.ThroughputBench $TP 2>bench/out/throughput.err | grep '^|')
echo "backlog ($BACKLOG)..." >&2
BACKLOG_OUT=$($JAVA -Xmx3g dev.wootrack.bench.BacklogBench $BACKLOG 2>bench/out/backlog.err | grep '^|')
echo "repository cost ($IDEM)..." >&2
IDEM_OUT=$($JAVA -Xmx1g dev.wootrack.bench.IdempotencyBench $IDEM 2>bench/out/idempotency.err | grep '^|')
echo "console queries..." >&2
CONSOLE_OUT=$($JAVA -Xmx1g dev.wootrack.bench.OrderListBench 10000 100000 2>bench/out/console.err | grep '^|')
echo "faults ($MODE)..." >&2
set +e
FAULTS=$($JAVA -Xmx1g dev.wootrack.bench.FaultsBench "$MODE" 2>bench/out/faults.err | grep '^|')
FAULTS_RC=$?
set -e
MINUTES=$(( ($(date +%s) - START + 59) / 60 ))

{
  echo
  echo "## $(date -u +%Y-%m-%d) — bench/run-all.sh $MODE (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -sr)"
  echo "- command: \`bench/run-all.sh $MODE\` (about $MINUTES min); logs in bench/out/"
  echo
  echo "### Throughput and latency"
  echo
  echo "\`ThroughputBench $TP\`: signed webhooks over loopback into WooTrack (its own JVM, -Xmx512m, real routes,"
  echo "H2 file with WRITE_DELAY=0, warmed up with 2,000 orders first), delivered to the TrackingTech sandbox in the"
  echo "load tool's JVM. Open loop: latency from each order's planned send time. CPU: WooTrack's process CPU time"
  echo "over the run ÷ orders. RSS: WooTrack's VmHWM. Ceiling: the same sender posting straight to the sandbox."
  echo
  echo "$THROUGHPUT"
  echo
  echo "### Backlog through polling"
  echo
  echo "\`BacklogBench $BACKLOG\`: the WooCommerce simulator holds N processing orders; WooTrack (its own JVM,"
  echo "-Xmx256m, OAuth 1.0a) polls them into the inbox and delivers them; heap from WooTrack's GC log."
  echo
  echo "$BACKLOG_OUT"
  echo
  echo "### What exactly-once bookkeeping costs per order"
  echo
  echo "\`IdempotencyBench $IDEM\`: one thread, no HTTP: the JDBC idempotent repository (contains + add) and the"
  echo "durable inbox (add + the decision that closes the row), against a database already holding N keys and rows."
  echo
  echo "$IDEM_OUT"
  echo
  echo "### The console's queries"
  echo
  echo "\`OrderListBench 10000 100000\`: the admin console's order list (25 a page, first and page 400), a search"
  echo "by part of a TrackingTech id, a filter by latest decision, and the last-24-hours counts, on H2 (file, default"
  echo "settings) holding N orders of two decisions each; median / worst of 15 runs after 5 warm-ups."
  echo
  echo "$CONSOLE_OUT"
  echo
  echo "### Faults"
  echo
  echo "\`FaultsBench $MODE\`: each run has its own WooTrack (child JVM), TrackingTech sandbox and WooCommerce store;"
  echo "webhooks for every order, the poller behind them. \"Re-posts of an accepted key\" are posts TrackingTech had"
  echo "accepted before (answered 200 with the same order thanks to the Idempotency-Key): no second shipment."
  echo
  echo "$FAULTS"
  echo
  if [ "$FAULTS_RC" -eq 0 ]; then
    echo "Verdict: every fault run passed: 0 lost, 0 second shipments."
  else
    echo "Verdict: at least one fault run FAILED (see the FAIL rows)."
  fi
} | tee -a bench/RESULTS.md
exit "$FAULTS_RC"
