#!/usr/bin/env bash
# The benchmark suite: one command, a real Stratus driven over HTTP, every figure a median of 3 runs
# side by side in one session, CPU-seconds from the OS. Writes its section of BENCHMARKS.md.
#   1. a 60 s 1080p30 clip with motion and noise, upload → COMPLETED, against the same ffmpeg
#      commands run alone on the same file and against one ffmpeg per rendition;
#   2. a 60 s 720p30 phone-like H.264/AAC clip (the fast path), against every rung encoded;
#   3. the quality each plan bought: SSIM of every rung and of the blob, and their bitrates;
#   4. a 300 MB single POST against this disk's sequential write speed, with the heap's growth;
#   5. startup: JVM start to ready, and the launcher's own check.
# Status reads under load are bench/status-load.sh (a Java client in the same run of the JVM).
# Usage: bench/suite.sh          (about 25 minutes on two cores)
#        bench/suite.sh --smoke  (seconds-long inputs, one run, nothing written: CI keeps it working)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
if [ "$smoke" = 1 ]; then seconds=3; runs=1; big_bytes=20000000; else seconds=60; runs=3; big_bytes=300000000; fi
work="$(mktemp -d)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
trap 'stop_stratus; rm -rf "$work"' EXIT
source "$root/bench/service.sh"
use_bundled_ffmpeg
ffmpeg=("$ff/ffmpeg" -hide_banner -nostdin -y -loglevel error)
say() { echo "bench: $*" >&2; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
results="$work/results"   # lines: "case run wall cpu [jvm-cpu]"
: > "$results"
record() { echo "$1 $2 $3 $4 ${5:-}" >> "$results"; say "$1 run $2: $3 s wall, $4 CPU-s${5:+ (the JVM: $5)}"; }

say "generating a ${seconds} s 1080p30 clip with motion and noise, and a ${seconds} s 720p30 phone-like clip"
"${ffmpeg[@]}" -f lavfi -i "testsrc2=s=1920x1080:r=30:d=${seconds},noise=alls=4:allf=t" \
  -f lavfi -i "sine=f=440:d=${seconds}:sample_rate=48000" \
  -c:v libx264 -preset veryfast -crf 21 -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -ac 2 "$work/noisy1080.mp4"
# As a phone records: H.264 High, a key frame every second, ~2.5 Mbit/s, stereo AAC, faststart.
"${ffmpeg[@]}" -f lavfi -i "testsrc2=s=1280x720:r=30:d=${seconds},noise=alls=2:allf=t" \
  -f lavfi -i "sine=f=660:d=${seconds}:sample_rate=48000" \
  -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 2500k -maxrate 2900k -bufsize 5M -g 30 \
  -c:a aac -b:a 128k -ac 2 -movflags +faststart "$work/phone720.mp4"

# Runs commands Stratus ran (file $1, as ran_commands prints them) alone, in order, on copies of the
# same input at the same paths under $2; prints "wall cpu".
replay() {
  local commands="$1" dir="$2" script="$work/replay.sh" data="$work/data-$port" first_input=""
  : > "$script"
  while IFS= read -r line; do
    local args=() arg quoted=""
    IFS=$'\x1f' read -r -a args <<< "${line//$data/$dir}"
    for arg in "${args[@]}"; do
      case "$arg" in
        "$dir"/*%v*) mkdir -p "${arg%%/%v*}" ;;
        "$dir"/*) mkdir -p "$(dirname "$arg")" ;;
      esac
      quoted+=" $(printf '%q' "$arg")"
    done
    [ -z "$first_input" ] && first_input="${args[-1]}"   # the first probe's last word is the upload
    echo "${quoted# }" >> "$script"
  done < "$commands"
  cp "$source_file" "$first_input"
  /usr/bin/time -f "%e %U %S" -o "$work/time" bash -e "$script" >/dev/null 2>"$work/replay.err" \
    || { cat "$work/replay.err" >&2; exit 1; }
  local wall user sys
  read -r wall user sys < "$work/time"
  echo "$wall $(echo "$user + $sys" | bc)"
}

# "wall cpu" of a command run alone.
timed() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/timed.err" || { cat "$work/timed.err" >&2; exit 1; }
  local wall user sys
  read -r wall user sys < "$work/time"
  echo "$wall $(echo "$user + $sys" | bc)"
}

# Each round runs a service upload and its commands alone, in turns: the upload first in odd rounds,
# the commands alone first in even ones (those the service ran for the same file the round before:
# the same argv each time). The machine's speed drifts by a tenth within minutes here, so an order
# kept fixed would favour one side; the ratios are taken within each round.
service_run() { # case did commands-file
  local from
  from=$(wc -l < "$server_log")
  record "service-$1" "$run" $(upload_until_done "$source_file" "$2")
  [ "$(cat "$work/job_state")" = COMPLETED ] || { say "the $1 job failed"; tail -n 30 "$server_log" >&2; exit 1; }
  ran_commands "$from" > "$3"
}
alone_run() { # case commands-file
  rm -rf "$work/alone-$1-$run"
  record "alone-$1" "$run" $(replay "$2" "$work/alone-$1-$run")
}
start_stratus
for run in $(seq 1 "$runs"); do
  say "round $run of $runs"
  source_file="$work/noisy1080.mp4"
  if (( run % 2 == 1 )); then
    service_run 1080p "did:plc:benchnoisy$run" "$work/commands-1080p"
    alone_run 1080p "$work/commands-1080p"
  else
    alone_run 1080p "$work/commands-1080p"
    service_run 1080p "did:plc:benchnoisy$run" "$work/commands-1080p"
  fi
  rm -rf "$work/per-rendition-$run"
  record per-rendition-1080p "$run" $(timed "$root/bench/separate-passes.sh" "$ff/ffmpeg" "$source_file" "$work/per-rendition-$run")

  source_file="$work/phone720.mp4"
  if (( run % 2 == 1 )); then
    service_run phone "did:plc:benchphone$run" "$work/commands-phone"
    alone_run phone "$work/commands-phone"
  else
    alone_run phone "$work/commands-phone"
    service_run phone "did:plc:benchphone$run" "$work/commands-phone"
  fi
  rm -rf "$work/every-rung-phone-$run"
  record every-rung-phone "$run" $(timed "$root/stratus" transcode --encode-every-rung "$source_file" "$work/every-rung-phone-$run")
done
grep -q 'fast path for .*copied' "$server_log" || { say "the phone clip did not take the fast path"; exit 1; }
rm -rf "$work/before-1080p"
record blob-encoded-separately-1080p 1 $(timed "$root/stratus" transcode --separate-blob "$work/noisy1080.mp4" "$work/before-1080p")

say "ingest: a $big_bytes-byte single POST and this disk's sequential write speed, $runs times"
# A real video (the upload door sniffs the container) padded with random bytes to the size.
cp "$work/phone720.mp4" "$work/big.bin"
head -c $(( big_bytes - $(stat -c %s "$work/phone720.mp4") )) /dev/urandom >> "$work/big.bin"
jcmd="$(dirname "$(readlink -f "/proc/$server_pid/exe")")/jcmd"
heap_used() { "$jcmd" "$server_pid" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -n1; }
: > "$work/ingest"
for run in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e" -o "$work/time" dd if=/dev/zero of="$work/dd.bin" bs=1M count=$(( big_bytes / 1000000 )) conv=fdatasync 2>/dev/null
  rm -f "$work/dd.bin"
  "$jcmd" "$server_pid" GC.run >/dev/null
  heap_before=$(heap_used)
  ingest_start=$(date +%s.%N)
  job=$(post_video "$work/big.bin" "did:plc:benchbig$run")
  ingest=$(echo "$(date +%s.%N) - $ingest_start" | bc)
  heap_after=$(heap_used)   # before any collection: what the upload left behind, garbage included
  "$jcmd" "$server_pid" GC.run >/dev/null
  heap_kept=$(heap_used)
  echo "$ingest $(cat "$work/time") $(( (heap_after - heap_before) / 1024 )) $(( (heap_kept - heap_before) / 1024 ))" >> "$work/ingest"
  say "ingest run $run: POST $ingest s, dd $(cat "$work/time") s"
  await_job "$job" >/dev/null   # its encode must not run beside the next measurement
done
stop_stratus

say "startup, $runs times"
: > "$work/startup"
for run in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e" -o "$work/time" "$root/stratus" --build-if-stale
  launcher=$(cat "$work/time")
  line="$launcher"
  for cache in 1 0; do   # with the JVM's startup cache (JDK 25+; recorded on the suite's first start), then without
    start=$(date +%s.%N)
    start_stratus STRATUS_STARTUP_CACHE=$cache
    line+=" $(echo "$(date +%s.%N) - $start" | bc) $(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$server_log")"
    stop_stratus
  done
  echo "$line" >> "$work/startup"
done

if [ "$smoke" = 1 ]; then
  say "smoke run passed: $(wc -l < "$results") measurements"
  exit 0
fi

med() { awk -v c="$1" -v f="$2" '$1 == c && $f != "" { print $f }' "$results" | median | xargs -r printf '%.2f'; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
# The median over rounds of case $1's field $3 over case $2's in the same round, then every round's.
round_ratios() {
  local each
  each=$(awk -v a="$1" -v b="$2" -v f="$3" '$1 == a { x[$2] = $f } $1 == b { y[$2] = $f }
    END { for (r in x) if (r in y) printf "%.3f\n", x[r] / y[r] }' "$results" | sort -g)
  printf '**%.2f** (%s)' "$(echo "$each" | median)" "$(echo "$each" | xargs printf '%.2f, ' | sed 's/, $//')"
}

# SSIM of $1 (a file or playlist) against the source $2 scaled to WxH ($3), and its bitrate from
# $4 bytes over the source's length: "ssim kbit/s".
quality() {
  local ssim
  ssim=$("${ffmpeg[@]}" -loglevel info -i "$1" -i "$2" -lavfi \
    "[0:v]setpts=PTS-STARTPTS[a];[1:v]scale=${3/x/:},setsar=1,setpts=PTS-STARTPTS[b];[a][b]ssim" -f null - 2>&1 \
    | sed -n 's/.*All:\([0-9.]*\).*/\1/p' | tail -n1)
  printf '%s %.0f' "$ssim" "$(echo "$4 * 8 / $seconds / 1000" | bc -l)"
}
rung_bytes() { cat "$1"/*.ts | wc -c; }
quality_rows() { # plan-name folder source rungs...
  local plan="$1" dir="$2" src="$3" rung size q
  shift 3
  for rung in "$@"; do
    size="${rung#*=}"; rung="${rung%=*}"
    if [ "$rung" = blob ]; then
      q=$(quality "$dir/video.mp4" "$src" "$size" "$(stat -c %s "$dir/video.mp4")")
    else
      q=$(quality "$dir/$rung/video.m3u8" "$src" "$size" "$(rung_bytes "$dir/$rung")")
    fi
    echo "| $plan | $rung | ${q% *} | ${q#* } |"
  done
}

say "quality (SSIM of every rung and blob; a few minutes)"
alone1080="$(dirname "$(find "$work/alone-1080p-1" -name playlist.m3u8 | head -n1)")"
alonephone="$(dirname "$(find "$work/alone-phone-1" -name playlist.m3u8 | head -n1)")"
ladder1080=(360p=640x360 720p=1280x720 1080p=1920x1080 blob=1920x1080)
ladder720=(360p=640x360 720p=1280x720 blob=1280x720)

section="$(mktemp)"
{
  echo "## The suite: upload to playable, CPU and quality"
  echo
  echo "Produced by \`bench/suite.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(lscpu | sed -n 's/^Model name: *//p')), load average before the run: $load_before."
  echo "Medians of $runs runs, interleaved (a service run and its commands alone in turns, each first in every"
  echo "other round); CPU is user + system time from the OS (the server process"
  echo "and its reaped ffmpeg children; \`/usr/bin/time\` for commands run alone). x264 \`veryfast\` CRF 23."
  echo
  echo "### A ${seconds} s 1080p30 clip with motion and noise (~8 Mbit/s): every rendition encoded"
  echo
  echo "| run | wall s | CPU s | of which the JVM | CPU ÷ alone | wall ÷ alone |"
  echo "|---|---|---|---|---|---|"
  base_wall=$(med alone-1080p 3); base_cpu=$(med alone-1080p 4)
  for c in service-1080p alone-1080p per-rendition-1080p blob-encoded-separately-1080p; do
    echo "| $c | $(med "$c" 3) | $(med "$c" 4) | $(med "$c" 5) | $(ratio "$(med "$c" 4)" "$base_cpu") | $(ratio "$(med "$c" 3)" "$base_wall") |"
  done
  echo
  echo "- **service-1080p**: \`./stratus serve\` (development mode, SQLite, files). Wall: from the upload's"
  echo "  end to \`JOB_STATE_COMPLETED\`, as the server logs it (the bench reads the log every 0.2 s rather"
  echo "  than poll over HTTP, which took CPU from the encode). CPU: from the POST's start to that end."
  echo "- **alone-1080p**: the very ffprobe and ffmpeg commands the service ran (read from its log),"
  echo "  run alone in a shell on a copy of the same upload."
  echo "- **per-rendition-1080p**: one ffmpeg per rung, one for the blob and one for the thumbnail"
  echo "  (\`bench/separate-passes.sh\`), as PeerTube does."
  echo "- **blob-encoded-separately-1080p**: the plan before the blob shared its rung's encode (one run,"
  echo "  \`./stratus transcode --separate-blob\`, JVM start included)."
  echo
  echo "Service ÷ alone, the median of the rounds' ratios: CPU $(round_ratios service-1080p alone-1080p 4),"
  echo "wall $(round_ratios service-1080p alone-1080p 3). The table's ratios are of the medians."
  echo
  echo "Service CPU ÷ per-rendition CPU: **$(ratio "$(med service-1080p 4)" "$(med per-rendition-1080p 4)")**."
  echo
  echo "### A ${seconds} s 720p30 phone-like clip (H.264 High, key frame every second, ~2.5 Mbit/s, AAC): the fast path"
  echo
  echo "| run | wall s | CPU s | of which the JVM | CPU ÷ every rung encoded |"
  echo "|---|---|---|---|---|"
  full_cpu=$(med every-rung-phone 4)
  for c in service-phone alone-phone every-rung-phone; do
    echo "| $c | $(med "$c" 3) | $(med "$c" 4) | $(med "$c" 5) | $(ratio "$(med "$c" 4)" "$full_cpu") |"
  done
  echo
  echo "- **service-phone**: upload's end to \`COMPLETED\`; the blob and the 720p rung are the upload's streams copied,"
  echo "  only 360p is encoded. **alone-phone**: those commands alone."
  echo "- **every-rung-phone**: \`./stratus transcode --encode-every-rung\` on the same file (JVM start included)."
  echo
  echo "### Quality"
  echo
  echo "SSIM (ffmpeg's \`ssim\` filter, 1 is identical) of each output against the source scaled to its size,"
  echo "and its video + audio bitrate."
  echo
  echo "| plan | output | SSIM | kbit/s |"
  echo "|---|---|---|---|"
  quality_rows "1080p: service (now)" "$alone1080" "$work/noisy1080.mp4" "${ladder1080[@]}"
  quality_rows "1080p: blob encoded separately (before)" "$work/before-1080p" "$work/noisy1080.mp4" blob=1920x1080
  quality_rows "1080p: per rendition" "$work/per-rendition-1" "$work/noisy1080.mp4" "${ladder1080[@]}"
  quality_rows "phone: fast path" "$alonephone" "$work/phone720.mp4" "${ladder720[@]}"
  quality_rows "phone: every rung encoded" "$work/every-rung-phone-1" "$work/phone720.mp4" "${ladder720[@]}"
  echo
  echo "### Ingest"
  echo
  ingest=$(cut -d' ' -f1 "$work/ingest" | median); disk=$(cut -d' ' -f2 "$work/ingest" | median)
  echo "Each run: \`dd … conv=fdatasync\` of as many bytes, then the POST (\`curl -T\`), then its job's end."
  echo
  printf '| | median of %d |\n|---|---|\n' "$runs"
  printf '| single POST of %s bytes | %.2f s, %.0f MB/s |\n' "$big_bytes" "$ingest" "$(echo "$big_bytes / $ingest / 1000000" | bc -l)"
  printf '| this disk, `dd … conv=fdatasync` of as many bytes | %.2f s, %.0f MB/s |\n' "$disk" "$(echo "$big_bytes / $disk / 1000000" | bc -l)"
  printf '| POST speed ÷ disk speed | **%.2f** |\n' "$(echo "$disk / $ingest" | bc -l)"
  printf '| heap growth over the POST (no GC between), MB | %s |\n' "$(cut -d' ' -f3 "$work/ingest" | median)"
  printf '| heap kept after a GC, MB | %s |\n' "$(cut -d' ' -f4 "$work/ingest" | median)"
  echo
  echo "Each run's POST s, dd s: $(awk '{ printf "%s%s / %s", (NR > 1 ? "; " : ""), $1, $2 }' "$work/ingest")."
  echo
  echo "### Startup"
  echo
  echo "| start | launch of \`./stratus serve\` → \`/_health\` answers, s | JVM start → ready (the service's log), ms |"
  echo "|---|---|---|"
  printf '| from the startup cache (JDK 25+) | %.2f | %d |\n' "$(cut -d' ' -f2 "$work/startup" | median)" \
    "$(cut -d' ' -f3 "$work/startup" | median)"
  printf '| without it (`STRATUS_STARTUP_CACHE=0`) | %.2f | %d |\n' "$(cut -d' ' -f4 "$work/startup" | median)" \
    "$(cut -d' ' -f5 "$work/startup" | median)"
  echo
  printf 'The launcher'"'"'s own check (`./stratus --build-if-stale`, nothing changed): %.2f s. JDK: %s.\n' \
    "$(cut -d' ' -f1 "$work/startup" | median)" "$("$("$root/stratus" --print-java-home)/bin/java" -version 2>&1 | head -n1)"
  echo "The bundled ffmpeg's one-time unpack (first run on a machine) is not in these figures."
} > "$section"
"$root/bench/write-section.sh" bench/suite.sh "$section"
cat "$section"
rm -f "$section"
