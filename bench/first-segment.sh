#!/usr/bin/env bash
# How long a player waits for the first playable segment of a never-seen 60 s 1080p video (fetched
# from its author's host, encoded on demand), beside the whole growing ladder and the upload
# pipeline's full encode of the same video, in one run. Writes its section of BENCHMARKS.md.
# Usage: bench/first-segment.sh   (about five minutes on two cores)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench FirstSegmentBench "$out"
{
  echo "## First segment of a never-seen video"
  echo
  produced_by bench/first-segment.sh
  echo "A player asks \`/watch/{did}/{cid}/playlist.m3u8\` for a 60 s 1080p30 H.264+AAC video Stratus has"
  echo "never seen; its account's host (a stand-in on loopback) serves the blob. Times run from that first"
  echo "request: the master playlist (held until the first segments exist), then the first variant's"
  echo "playlist and its first segment, as hls.js fetches them. The ladder grows in one-second segments"
  echo "first, then four-second ones; playback can start as soon as one is there."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/first-segment.sh "$section"
cat "$section"
