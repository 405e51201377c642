#!/usr/bin/env bash
# How a 60-second service token (what a client that asks for no exp gets) fares: 30 s of 1080p
# through each path (blob first by stream copy, blob first by a fast encode, full encode first),
# and how many such uploads arriving together one worker delivers in time. Production mode
# against a recording PDS on loopback. Writes its section of BENCHMARKS.md.
# Usage: bench/short-token.sh   (about 5-10 minutes on 2 cores)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench ShortTokenBench "$out"
{
  echo "## Short-lived tokens"
  echo
  produced_by bench/short-token.sh
  echo "Production mode, one worker, a recording PDS on loopback (so delivery is local-disk fast);"
  echo "each job's token is minted just before its upload. Times are from the start of the upload."
  echo
  cat "$out"
  echo
  echo "- **blob first** is what Stratus does when the token would expire before a full encode and"
  echo "  the handoff: the MP4 alone (a stream copy when the input already meets the blob's spec, else"
  echo "  x264 \`superfast\`), delivered, then the HLS ladder from that blob; the job completes after the ladder."
  echo "- Claims take the soonest token first, but a worker finishes the job it holds (ladder included)"
  echo "  before the next: uploads arriving together wait for the ones ahead of them, which bounds how many"
  echo "  60 s tokens one worker can serve at once (the second table)."
} > "$section"
"$root/bench/write-section.sh" bench/short-token.sh "$section"
cat "$section"
