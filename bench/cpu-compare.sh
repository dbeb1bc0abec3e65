#!/usr/bin/env bash
# WooTrack's CPU per order before and after a change, in one run: both commits are built in temporary worktrees and
# their ThroughputBench closed loops alternate round by round (this machine is shared and noisy: compare the medians
# of the same run, as a ratio).
# Usage: bench/cpu-compare.sh <before-ref> [after-ref (HEAD)] [orders (4000)] [rounds (3)] [concurrency (8)]
# Appends a dated section with every round and the medians to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:?usage: bench/cpu-compare.sh <before-ref> [after-ref] [orders] [rounds] [concurrency]}
AFTER=${2:-HEAD}; N=${3:-4000}; ROUNDS=${4:-3}; C=${5:-8}
work=$(mktemp -d)
trap 'for d in "$work"/*/; do git worktree remove --force "$d" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
declare -A dir
for ref in "$BEFORE" "$AFTER"; do
  d="$work/$(git rev-parse --short "$ref")"
  git worktree add -q --detach "$d" "$ref"
  (cd "$d" && mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null)
  dir[$ref]=$d
done
# the closed-loop row: | load | orders | orders/s | p50 | p99 | p50 | p99 | CPU µs/order | RSS MiB | notes |
round() {
  (cd "${dir[$1]}" && timeout 300 java -Xmx2g -Dsun.net.httpserver.nodelay=true \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.wootrack.bench.ThroughputBench "$N" "$C" \
    2>/dev/null | grep '^| closed loop' | awk -F'|' '{gsub(/[ ,]/,"",$4); gsub(/[ ,]/,"",$9); gsub(/[ ,]/,"",$10); print $4, $9, $10}') || true
}
rows=""; b_cpu=(); a_cpu=(); b_rate=(); a_rate=()
for i in $(seq 1 "$ROUNDS"); do
  for ref in "$BEFORE" "$AFTER"; do
    read -r rate cpu rss < <(round "$ref") || true
    if [ -z "${cpu:-}" ]; then echo "round $i $ref: no figures (the run failed or took over 5 minutes)" >&2; continue; fi
    rows+="| $i | $(git rev-parse --short "$ref") | $rate | $cpu | $rss |"$'\n'
    if [ "$ref" = "$BEFORE" ]; then b_cpu+=("$cpu"); b_rate+=("$rate"); else a_cpu+=("$cpu"); a_rate+=("$rate"); fi
    echo "round $i $ref: $rate orders/s, $cpu µs/order, $rss MiB" >&2
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
mb=$(median "${b_cpu[@]}"); ma=$(median "${a_cpu[@]}")
{
  echo
  echo "## $(date -u +%Y-%m-%d) — CPU per order, $(git rev-parse --short "$BEFORE") (before) vs $(git rev-parse --short "$AFTER") (after)"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/cpu-compare.sh $BEFORE $AFTER $N $ROUNDS $C\` (ThroughputBench closed loop, concurrency $C, $N orders"
  echo "  a round, the two commits alternating; CPU: WooTrack's process CPU time over the run ÷ orders)"
  echo
  echo "| round | commit | orders/s | WooTrack CPU µs/order | peak RSS MiB |"
  echo "|---:|---|---:|---:|---:|"
  printf '%s' "$rows"
  echo
  echo "Medians: before $mb µs/order ($(median "${b_rate[@]}") orders/s), after $ma µs/order ($(median "${a_rate[@]}") orders/s);"
  echo "after/before CPU = $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')."
} | tee -a bench/RESULTS.md
