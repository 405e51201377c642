#!/usr/bin/env bash
# What fitting the MP4 blob to a PDS's size limit costs in quality: the normal blob and blobs
# fitted to 5 MiB and 2 MiB of one 30 s 720p source, with size, bitrate and SSIM.
# Writes its section of BENCHMARKS.md.
# Usage: bench/blob-fit.sh   (about two minutes on two cores)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench BlobFitBench "$out"
{
  echo "## Blobs fitted to a PDS's size limit"
  echo
  produced_by bench/blob-fit.sh
  echo "When a PDS refuses a blob for its size (HTTP 413), Stratus encodes it again to fit (x264 veryfast,"
  echo "CRF 23 under a peak rate computed from the limit, the length and the audio; a smaller picture when"
  echo "the rate per pixel would be too low). SSIM is ffmpeg's \`ssim\` filter against the source scaled to"
  echo "the blob's picture size (1 is identical)."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/blob-fit.sh "$section"
cat "$section"
