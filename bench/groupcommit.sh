#!/usr/bin/env bash
# The store's hot path alone (issue 15): T threads add orders to the inbox and record them sent, with group commit
# off (1) and on (64), on H2 (WRITE_DELAY=0) and on PostgreSQL (started by the bench), no HTTP, no routes.
# Usage: bench/groupcommit.sh [orders] [threads...]   (default: 20000 1 8 32)
# Appends a dated section with the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; shift || true
T=${*:-1 8 32}
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
OUT=$(java -Xmx1g -cp "$CP" dev.wootrack.bench.GroupCommitBench "$N" $T 2>bench/out/groupcommit.err | grep '^|')
{
  echo
  echo "## $(date -u +%Y-%m-%d) — group commit, the store alone (commit $(git rev-parse --short HEAD 2>/dev/null || echo none))"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/groupcommit.sh $N $T\`"
  echo "- what: per order an inbox add (claimed, its lock taken) and a recordSent (key, decision, row closed), from T"
  echo "  threads; CPU of this JVM only (PostgreSQL's own processes not counted)."
  echo
  echo "$OUT"
} | tee -a bench/RESULTS.md
