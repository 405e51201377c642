#!/usr/bin/env bash
# What one getJobStatus costs the server, in heap allocation and time, beside /_health on the same
# server: one kept-alive connection, 20,000 warm-up and 50,000 measured requests of each.
# Writes its section of BENCHMARKS.md.
# Usage: bench/status-reads.sh   (about a minute)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench StatusReadBench "$out"
{
  echo "## Status reads"
  echo
  produced_by bench/status-reads.sh
  echo "One server (embedded SQLite, a completed job), one kept-alive loopback connection whose client"
  echo "reuses its buffers, so the bytes allocated are the server's (the JVM's total, divided by the"
  echo "requests); 20,000 warm-up requests, then 50,000 measured, of each."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/status-reads.sh "$section"
cat "$section"
