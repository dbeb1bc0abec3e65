#!/usr/bin/env bash
# What the admin console's queries cost as orders pile up (order list pages, search, decision filter, 24 h counts)
# on H2 with N orders of two decisions each. Prints a Markdown table. Usage: bench/console.sh [orders...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
java -Xmx1g -cp "$CP" dev.wootrack.bench.OrderListBench "$@" 2>/dev/null
