#!/usr/bin/env bash
# The embedded H2 file per N orders, before and after retention deletes what is past its time, and after the file is
# compacted. Prints a Markdown table. Usage: bench/retention.sh [orders...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
java -Xmx1g -cp "$CP" dev.wootrack.bench.RetentionBench "$@" 2>/dev/null
