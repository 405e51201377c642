#!/usr/bin/env bash
# Measures what Stratus adds on top of ffmpeg, side by side in one run on this machine:
#   1. decode only                        the floor: reading the source once
#   2. stratus transcode                  Stratus's one-process encode (HLS ladder + thumbnail; the MP4 blob
#                                         is the matching rung muxed again)
#   2b. the same with the blob encoded separately (the plan before: one more encode in the same run)
#   3. the same outputs, one ffmpeg each  the naive way: the source decoded once per output
#   4. the service, upload to COMPLETED   HTTP upload, probe, encode, CID, storage, job bookkeeping
# and writes the table to BENCHMARKS.md. Usage: bench/transcode.sh [seconds of source, default 20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/stratus" --help >/dev/null   # builds Stratus if needed
ff="$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/stratus/ffmpeg-*/ 2>/dev/null | head -n1)"
if [ -z "$ff" ]; then   # the bundled ffmpeg is unpacked on first use
  "$root/stratus" transcode /dev/null "$work/none" >/dev/null 2>&1 || true
  ff="$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/stratus/ffmpeg-*/ | head -n1)"
fi
export LD_LIBRARY_PATH="$ff"
ffmpeg=("$ff/ffmpeg" -hide_banner -nostdin -y -loglevel error)

echo "bench: generating a ${seconds} s 1080p30 source (~8 Mb/s, noisy: a pessimistic case)" >&2
"${ffmpeg[@]}" -f lavfi -i "testsrc2=s=1920x1080:r=30:d=${seconds},noise=alls=4:allf=t" \
  -f lavfi -i "sine=f=440:d=${seconds}:sample_rate=48000" \
  -c:v libx264 -preset veryfast -crf 21 -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -ac 2 "$work/src.mp4"

results="$work/results"
: > "$results"
measure() { # name, command...: appends "name wall cpu"
  local name="$1"; shift
  local stats="$work/time"
  /usr/bin/time -f "%e %U %S" -o "$stats" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys < "$stats"
  echo "$name $wall $(echo "$user + $sys" | bc)" >> "$results"
  echo "bench: $name: ${wall} s wall" >&2
}


measure "decode-only" "${ffmpeg[@]}" -i "$work/src.mp4" -f null -
measure "stratus-transcode" "$root/stratus" transcode "$work/src.mp4" "$work/onepass"
measure "blob-encoded-separately" "$root/stratus" transcode --separate-blob "$work/src.mp4" "$work/separate-blob"
measure "separate-passes" "$root/bench/separate-passes.sh" "$ff/ffmpeg" "$work/src.mp4" "$work/separate"

echo "bench: the service, upload to COMPLETED" >&2
port=$(( 20000 + RANDOM % 20000 ))
STRATUS_DEV=1 STRATUS_DATA_DIR="$work/data" STRATUS_PORT="$port" STRATUS_HOST=127.0.0.1 "$root/stratus" serve >"$work/serve.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/_health" >/dev/null; do sleep 0.2; done
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
token="$(b64 '{"alg":"ES256K","typ":"JWT"}').$(b64 '{"iss":"did:plc:bench","lxm":"com.atproto.repo.uploadBlob","exp":9999999999}').sig"
cpu_before=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$server_pid/stat")
start=$(date +%s.%N)
job=$(curl -sf -X POST "http://127.0.0.1:$port/xrpc/app.bsky.video.uploadVideo?did=did:plc:bench&name=src.mp4" \
  -H "Authorization: Bearer $token" -H "Content-Type: video/mp4" --data-binary @"$work/src.mp4" | sed 's/.*"jobId":"\([^"]*\)".*/\1/')
until curl -sf "http://127.0.0.1:$port/xrpc/app.bsky.video.getJobStatus?jobId=$job" | grep -q '"JOB_STATE_COMPLETED"'; do
  curl -sf "http://127.0.0.1:$port/xrpc/app.bsky.video.getJobStatus?jobId=$job" | grep -q '"JOB_STATE_FAILED"' && { echo "bench: job failed" >&2; exit 1; }
  sleep 0.1
done
wall=$(echo "$(date +%s.%N) - $start" | bc)
# utime+stime+cutime+cstime of the server, in clock ticks: its own work and its ffmpeg's.
cpu=$(echo "($(awk '{print $14 + $15 + $16 + $17}' "/proc/$server_pid/stat") - $cpu_before) / $(getconf CLK_TCK)" | bc -l)
printf "service-upload-to-completed %.2f %.2f\n" "$wall" "$cpu" >> "$results"

# The quality each blob bought: SSIM against the source (same size) and the blob's bitrate.
quality() {
  echo "| blob | size | bitrate | SSIM against the source |"
  echo "|---|---|---|---|"
  local name dir size ssim
  for pair in "stratus-transcode:onepass" "blob-encoded-separately:separate-blob"; do
    name="${pair%%:*}"; dir="${pair##*:}"
    size=$(stat -c %s "$work/$dir/video.mp4")
    ssim=$("${ffmpeg[@]}" -loglevel info -i "$work/$dir/video.mp4" -i "$work/src.mp4" \
      -lavfi "[0:v]setpts=PTS-STARTPTS[a];[1:v]setpts=PTS-STARTPTS[b];[a][b]ssim" -f null - 2>&1 | sed -n 's/.*All:\([0-9.]*\).*/\1/p' | tail -n1)
    printf "| %s | %.1f MB | %.0f kbit/s | %s |\n" "$name" "$(echo "$size / 1000000" | bc -l)" \
      "$(echo "$size * 8 / $seconds / 1000" | bc -l)" "$ssim"
  done
}

table() {
  local base_wall base_cpu
  read -r _ base_wall base_cpu < <(grep '^stratus-transcode ' "$results")
  echo "| run | wall s | CPU s | wall ÷ stratus transcode | CPU ÷ stratus transcode | source s ÷ wall |"
  echo "|---|---|---|---|---|---|"
  while read -r name w c; do
    printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f× |\n" "$name" "$w" "$c" \
      "$(echo "$w / $base_wall" | bc -l)" "$(echo "$c / $base_cpu" | bc -l)" "$(echo "$seconds / $w" | bc -l)"
  done < "$results"
}

section="$(mktemp)"
{
  echo "## Transcoding"
  echo
  echo "Produced by \`bench/transcode.sh $seconds\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(lscpu | sed -n 's/^Model name: *//p')), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Source: ${seconds} s of 1920×1080 at 30 fps, ~8 Mb/s H.264 + AAC, with temporal noise (a hard,"
  echo "pessimistic input). Every run makes the same outputs: the MP4 blob, HLS 360p/720p/1080p and a"
  echo "thumbnail, x264 \`veryfast\` CRF 23. CPU is user + system time of the process and its children."
  echo "Absolute times on shared machines are noisy; compare the ratios within one run."
  echo
  table
  echo
  echo "- **decode-only** is the floor: reading the source once, nothing encoded."
  echo "- **stratus-transcode** is \`./stratus transcode\`: probe, checks, one ffmpeg process that decodes"
  echo "  once and encodes each HLS rung once, then the MP4 blob as a second mux (stream copy) of the rung"
  echo "  of its size (JVM start included)."
  echo "- **blob-encoded-separately** is the plan before that: the same one ffmpeg process also encoding"
  echo "  the blob as an output of its own (\`./stratus transcode --separate-blob\`)."
  echo "- **separate-passes** makes the same outputs with one ffmpeg per output, decoding the source five times."
  echo "- **service-upload-to-completed** is the running service in development mode: HTTP upload,"
  echo "  probe, encode, CID, storage and job bookkeeping, polled until \`JOB_STATE_COMPLETED\`."
  echo
  echo "The blob each plan made, against the source (1080p, so no scaling):"
  echo
  quality
} > "$section"
"$root/bench/write-section.sh" bench/transcode.sh "$section"
cat "$section"
rm -f "$section"
