#!/usr/bin/env bash
# What exactly-once bookkeeping costs per order: the JDBC idempotent repository and the durable inbox, on H2 with
# WRITE_DELAY=0 and with H2's default, against 10,000 and 1,000,000 existing keys. Prints a Markdown table.
# Usage: bench/idempotency.sh [existing...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
java -Xmx1g -cp "$CP" dev.wootrack.bench.IdempotencyBench "$@" 2>/dev/null
