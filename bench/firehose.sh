#!/usr/bin/env bash
# Event-stream frames decoded per second on one thread, over 50,000 frames shaped like the
# network's (mostly likes and follows, a quarter text posts, one in twenty a video post).
# Writes its section of BENCHMARKS.md.
# Usage: bench/firehose.sh   (under a minute)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench FirehoseDecodeBench "$out" stratus-firehose
{
  echo "## Firehose decoding"
  echo
  produced_by bench/firehose.sh
  echo "50,000 frames written as a PDS writes them (DAG-CBOR header and body, CAR slices whose blocks"
  echo "are checked against their CIDs): 68 % likes, 25 % text posts, 5 % video posts with captions,"
  echo "2 % identity events. One thread; a warm-up pass, then the best of three."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/firehose.sh "$section"
cat "$section"
