#!/usr/bin/env bash
# Shared by the benchmarks that drive a running Stratus over HTTP. Source it after setting $root
# and $work (a scratch folder the caller removes), then:
#   use_bundled_ffmpeg            sets $ff (the unpacked bundled ffmpeg's folder) and LD_LIBRARY_PATH
#   start_stratus [ENV=VALUE...]  starts `./stratus serve` in development mode on a free port with
#                                 the ffmpeg argv logged; sets $port, $server_pid, $server_log
#   stop_stratus
#   upload_until_done FILE DID    POSTs FILE as DID, waits for COMPLETED or FAILED (written to
#                                 $work/job_state); prints "wall_s cpu_s jvm_cpu_s": the time from
#                                 the upload's end to the job's, the CPU of the server with its
#                                 ffmpeg children from the POST on, and of the server's JVM alone
#   post_video FILE DID, await_job ID   the two halves of that
#   ran_commands FROM_LINE        the ffmpeg/ffprobe argv the server logged after line FROM_LINE of
#                                 its log, one per line, fields separated by ASCII unit separators
server_pid=""

use_bundled_ffmpeg() {
  "$root/stratus" --build-if-stale
  ff="$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/stratus/ffmpeg-*/ 2>/dev/null | head -n1)"
  if [ -z "$ff" ]; then # the bundled ffmpeg is unpacked on first use
    "$root/stratus" transcode /dev/null "$work/none" >/dev/null 2>&1 || true
    ff="$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/stratus/ffmpeg-*/ | head -n1)"
  fi
  ff="${ff%/}"
  export LD_LIBRARY_PATH="$ff"
}

start_stratus() {
  port=$(( 20000 + RANDOM % 20000 ))
  server_log="$work/serve-$port.log"
  mkdir -p "$work/data-$port"
  env STRATUS_DEV=1 STRATUS_DATA_DIR="$work/data-$port" STRATUS_PORT="$port" STRATUS_HOST=127.0.0.1 \
    STRATUS_JAVA_OPTS="-Dlogback.configurationFile=$root/bench/logback-commands.xml ${STRATUS_JAVA_OPTS:-}" \
    "$@" "$root/stratus" serve >"$server_log" 2>&1 &
  server_pid=$!
  local tries=0
  until curl -sf "http://127.0.0.1:$port/_health" >/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; echo "bench: stratus did not start" >&2; exit 1; }
    tries=$((tries + 1))
    [ "$tries" -lt 1500 ] || { echo "bench: stratus not ready after 30 s" >&2; exit 1; }
    sleep 0.02
  done
}

stop_stratus() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

# A development-mode token: the server in --dev mode checks its claims, not its signature.
dev_token() {
  b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
  echo "$(b64 '{"alg":"ES256K","typ":"JWT"}').$(b64 "{\"iss\":\"$1\",\"lxm\":\"com.atproto.repo.uploadBlob\",\"exp\":9999999999}").sig"
}

# User + system time of the server and of its reaped children (ffmpeg), in seconds; with "jvm",
# of the server's JVM alone.
server_cpu() {
  local fields='$14 + $15 + $16 + $17'
  [ "${1:-}" = jvm ] && fields='$14 + $15'
  echo "$(awk "{print $fields}" "/proc/$server_pid/stat") / $(getconf CLK_TCK)" | bc -l
}

# POSTs FILE as DID; prints the job's id, or fails with the server's answer.
post_video() {
  local answer
  answer=$(curl -s -X POST -T "$1" -H "Authorization: Bearer $(dev_token "$2")" -H "Content-Type: video/mp4" \
    "http://127.0.0.1:$port/xrpc/app.bsky.video.uploadVideo?did=$2&name=$(basename "$1")")
  case "$answer" in
    *'"jobId":"'*) echo "$answer" | sed 's/.*"jobId":"\([^"]*\)".*/\1/' ;;
    *) echo "bench: upload refused: $answer" >&2; return 1 ;;
  esac
}

# Waits until the server logs the job's end (a look every 0.2 s: polling getJobStatus with a new
# curl every few milliseconds would take CPU from the encode being measured); writes COMPLETED or
# FAILED to $work/job_state and prints the milliseconds from the upload's end to that end, as the
# server counted them.
await_job() {
  local line
  until line=$(grep -m1 -E "job $1 (completed in|failed after) " "$server_log"); do
    kill -0 "$server_pid" 2>/dev/null || { echo "bench: the server died" >&2; return 1; }
    sleep 0.2
  done
  case "$line" in
    *"completed in"*) echo COMPLETED > "$work/job_state" ;;
    *) echo FAILED > "$work/job_state" ;;
  esac
  echo "$line" | sed -E 's/.*(completed in|failed after) ([0-9]+) ms.*/\2/'
}

upload_until_done() {
  local file="$1" did="$2" cpu_before jvm_before job millis
  cpu_before=$(server_cpu)
  jvm_before=$(server_cpu jvm)
  job=$(post_video "$file" "$did")
  millis=$(await_job "$job")
  printf '%.3f %.3f %.3f\n' "$(echo "$millis / 1000" | bc -l)" "$(echo "$(server_cpu) - $cpu_before" | bc -l)" \
    "$(echo "$(server_cpu jvm) - $jvm_before" | bc -l)"
}

ran_commands() {
  tail -n +"$(( $1 + 1 ))" "$server_log" | sed -n 's/.* running \[\(.*\)\]$/\1/p' | sed 's/, /\x1f/g'
}
