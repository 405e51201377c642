#!/usr/bin/env bash
# Measures the two ways to upload a video to a running Stratus, side by side in one run on this
# machine, against the disk the uploads land on and against the client alone:
#   1. the disk                     dd of the test file, with and without fdatasync
#   2. the client floor             the same curl uploads into a sink that discards them (python3)
#   3. single POST                  app.bsky.video.uploadVideo, the file as the body
#   4. multipart                    startUpload, uploadPart 4 at a time (as the Bluesky app sends
#                                   them), finishUpload
#   5. single POST, README-style    the same, with curl --data-binary (curl reads the file into memory)
# For every upload: wall time, throughput, and the server's heap (jstat -gc every 200 ms, and
# after a forced GC). Writes its own section of BENCHMARKS.md (between the marker comments).
# Usage: bench/multipart.sh [rounds, default 3] [bytes, default 300000000 (the default upload limit)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
size="${2:-300000000}"
command_line="bench/multipart.sh${*:+ $*}"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Everything (the test file, its parts, the dd copies, the server's data dir) lives in one
# folder, so on one disk.
work="$(mktemp -d "${TMPDIR:-/tmp}/stratus-multipart.XXXXXX")"
server_pid=""
sampler_pid=""
sink_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  if [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
mbps() { awk -v s="$1" -v n="$size" 'BEGIN { printf "%.1f", n / 1e6 / s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# A field of a one-line JSON answer (a string or a number).
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n1; }
# Every upload streams its body from a file (-T, so with a Content-Length) and sends no
# "Expect: 100-continue", as a browser or the Bluesky app does not; never through a proxy.
post() { curl --noproxy "*" -sS --fail-with-body -X POST -H "Expect:" "$@"; }

timeout 900 "$root/stratus" --help >/dev/null   # builds Stratus if needed
jdk="$("$root/stratus" --print-java-home)"

log "making a ${size}-byte test file in $work"
# Random bytes behind an MP4 'ftyp' box: finishUpload sniffs the first bytes and refuses what is
# plainly not a video before joining the parts. The job fails validation later; only the upload
# is measured.
video="$work/video.mp4"
{ printf '\000\000\000\030ftypisom\000\000\002\000isomiso2'; head -c "$((size - 24))" /dev/urandom; } > "$video"
[ "$(stat -c %s "$video")" -eq "$size" ] || { log "test file has the wrong size"; exit 1; }

log "starting the server"
export STRATUS_JAVA_OPTS="${STRATUS_JAVA_OPTS:--Xmx512m}"
"$root/stratus" serve --dev --host 127.0.0.1 --port 0 --data "$work/data" >"$work/serve.log" 2>&1 &
server_pid=$!   # ./stratus execs java: this is the JVM's PID
port=""
deadline=$((SECONDS + 120))
until port="$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/serve.log" | head -n1)" && [ -n "$port" ]; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; log "the server exited"; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { cat "$work/serve.log" >&2; log "the server did not start in 120 s"; exit 1; }
  sleep 0.2
done
base="http://127.0.0.1:$port"
until curl --noproxy "*" -sf --max-time 5 "$base/_health" >/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || { log "no /_health answer in 120 s"; exit 1; }
  sleep 0.2
done
[ "$(cat "/proc/$server_pid/comm")" = java ] || { log "PID $server_pid is not the JVM"; exit 1; }

# The heap, from jstat -gc (KiB): used = S0U + S1U + EU + OU.
gc_columns='NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }'
heap_now() { # prints "used_kib old_kib" for one sample
  "$jdk/bin/jstat" -gc "$server_pid" | awk "$gc_columns"' { printf "%.0f %.0f\n", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"], $c["OU"] }'
}
heap_after_gc() { "$jdk/bin/jcmd" "$server_pid" GC.run >/dev/null; heap_now; }
peaks() { # samples file: prints "peak_used peak_old young_gcs" (KiB)
  awk "$gc_columns"' {
      used = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]
      if (used > pu) pu = used; if ($c["OU"] > po) po = $c["OU"]
      if (first == "") first = $c["YGC"]; last = $c["YGC"]
    } END { printf "%.0f %.0f %d\n", pu, po, last - first }' "$1"
}
start_sampler() { # samples the heap every 200 ms into $1 until stop_sampler
  "$jdk/bin/jstat" -gc "$server_pid" 200 > "$1" 2>/dev/null &
  sampler_pid=$!
  local until=$((SECONDS + 20))
  until [ "$(wc -l < "$1")" -ge 2 ]; do
    [ "$SECONDS" -lt "$until" ] || { log "jstat gave no sample in 20 s"; exit 1; }
    sleep 0.05
  done
}
stop_sampler() { sleep 0.3; kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""; }
server_cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / t }' "/proc/$server_pid/stat"; }

read -r start_used _ < <(heap_after_gc)
heap_text="$("$jdk/bin/jcmd" "$server_pid" GC.heap_info)"
heap_info="$(sed -n 's/^ *\([a-z-]*\) heap .*/\1/p' <<< "$heap_text" | head -n1) heap,\
 max $(($(sed -n 's/.*total reserved \([0-9]*\)K.*/\1/p' <<< "$heap_text") / 1024)) MiB,\
 region size $(sed -n 's/.*region size \([0-9]*\)K.*/\1/p' <<< "$heap_text") KiB"
log "server pid $server_pid on port $port; heap after start and a GC: $(mib "$start_used") MiB used ($heap_info)"

b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
token_for() { # a development-mode token, as in the README's walkthrough
  echo "$(b64 '{"alg":"ES256K","typ":"JWT"}').$(b64 "{\"iss\":\"$1\",\"lxm\":\"com.atproto.repo.uploadBlob\",\"exp\":9999999999}").sig"
}

# The part plan, learnt from a session opened and aborted at once; the file is split along it
# before anything is timed, as an app holds its file before it sends.
plan_token="$(token_for did:plc:benchplan)"
answer="$(post --max-time 30 "$base/xrpc/app.bsky.video.startUpload" -H "Authorization: Bearer $plan_token" \
  -H "Content-Type: application/json" -d "{\"sizeBytes\":$size,\"mimeType\":\"video/mp4\",\"name\":\"x.mp4\"}")"
part_size="$(field partSizeBytes <<< "$answer")"
part_count="$(field partCount <<< "$answer")"
post --max-time 30 -o /dev/null "$base/xrpc/app.bsky.video.abortUpload" -H "Authorization: Bearer $plan_token" \
  -H "Content-Type: application/json" -d "{\"jobId\":\"$(field jobId <<< "$answer")\"}"
mkdir "$work/parts"
split -b "$part_size" -d -a 4 "$video" "$work/parts/"
[ "$(ls "$work/parts" | wc -l)" -eq "$part_count" ] || { log "split made the wrong number of parts"; exit 1; }
log "multipart plan: $part_count parts of $part_size bytes"

# The client floor: a sink that reads each request's body and answers 200, nothing else.
sink_port=""
if command -v python3 >/dev/null; then
  cat > "$work/sink.py" <<'EOF'
import socket, threading
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)
print(server.getsockname()[1], flush=True)
def serve(conn):
    with conn:
        stream = conn.makefile("rb")
        while stream.readline():
            length = 0
            while (header := stream.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            while length > 0:
                chunk = stream.read(min(length, 1 << 20))
                if not chunk:
                    return
                length -= len(chunk)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
while True:
    threading.Thread(target=serve, args=(server.accept()[0],), daemon=True).start()
EOF
  python3 "$work/sink.py" > "$work/sink.port" &
  sink_pid=$!
  until sink_port="$(head -n1 "$work/sink.port")" && [ -n "$sink_port" ]; do
    kill -0 "$sink_pid" 2>/dev/null || { log "the sink exited"; exit 1; }
    sleep 0.05
  done
else
  log "no python3: the client floor is not measured"
fi

send_part() { # part number, base url: POSTs part n's file (bytes [(n-1)*part_size, min(n*part_size, size)))
  set -euo pipefail
  curl --noproxy "*" -sS --fail-with-body --max-time 120 -X POST -H "Expect:" -T "$work/parts/$(printf %04d $(($1 - 1)))" \
    "$2/xrpc/app.bsky.video.uploadPart?jobId=$upload_id&partNumber=$1" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/octet-stream"
  echo
}
export -f send_part
send_parts() { # base url: every part, 4 in flight
  export work token upload_id
  if ! seq 1 "$part_count" | xargs -P4 -n1 bash -c 'send_part "$2" "$1"' _ "$1" > "$work/parts.out" 2>&1; then
    cat "$work/parts.out" >&2
    log "a part failed"
    exit 1
  fi
}

results="$work/results"
: > "$results"

measure_dd() { # name, dd options...: appends "name round wall MB/s"
  local name="$1" t0 wall; shift
  sync
  t0="$(now_ns)"
  dd if="$video" of="$work/dd.out" bs=8M status=none "$@"
  wall="$(seconds_since "$t0")"
  rm -f "$work/dd.out"
  echo "$name $round $wall $(mbps "$wall")" >> "$results"
  log "round $round: $name: $wall s, $(mbps "$wall") MB/s"
}

measure_sink() { # name: the curl uploads alone, into the sink
  local name="$1" t0 wall
  sync
  t0="$(now_ns)"
  case "$name" in
    sink-single) post --max-time 300 -o /dev/null "http://127.0.0.1:$sink_port/" -H "Content-Type: video/mp4" -T "$video" ;;
    sink-data-binary) post --max-time 300 -o /dev/null "http://127.0.0.1:$sink_port/" -H "Content-Type: video/mp4" --data-binary @"$video" ;;
    sink-parts) token=none upload_id=none send_parts "http://127.0.0.1:$sink_port" ;;
  esac
  wall="$(seconds_since "$t0")"
  echo "$name $round $wall $(mbps "$wall")" >> "$results"
  log "round $round: $name: $wall s, $(mbps "$wall") MB/s"
}

wait_job() { # waits (at most 120 s) for the job to end, so its processing overlaps no measurement
  local until=$((SECONDS + 120)) status
  while [ "$SECONDS" -lt "$until" ]; do
    status="$(curl --noproxy "*" -sf --max-time 5 "$base/xrpc/app.bsky.video.getJobStatus?jobId=$1" || true)"
    case "$status" in *JOB_STATE_FAILED* | *JOB_STATE_COMPLETED*) return 0 ;; esac
    sleep 0.2
  done
  log "warning: job $1 still running after 120 s"
}

measure_upload() { # single|multipart|single-data-binary, did: uploads once, appends one result line
  local method="$1" did="$2" t0 t_finish wall parts_s="-" finish_s="-" answer job cpu0 cpu
  local base_used base_old after_used peak_used peak_old ygcs
  token="$(token_for "$did")"
  sync
  read -r base_used base_old < <(heap_after_gc)
  start_sampler "$work/samples"
  cpu0="$(server_cpu)"
  t0="$(now_ns)"
  case "$method" in
    single | single-data-binary)
      local body=(-T "$video")
      [ "$method" = single-data-binary ] && body=(--data-binary @"$video")
      answer="$(post --max-time 300 "$base/xrpc/app.bsky.video.uploadVideo?did=$did&name=x.mp4" \
        -H "Authorization: Bearer $token" -H "Content-Type: video/mp4" "${body[@]}")"
      job="$(field jobId <<< "$answer")"
      ;;
    multipart)
      answer="$(post --max-time 30 "$base/xrpc/app.bsky.video.startUpload" -H "Authorization: Bearer $token" \
        -H "Content-Type: application/json" -d "{\"sizeBytes\":$size,\"mimeType\":\"video/mp4\",\"name\":\"x.mp4\"}")"
      upload_id="$(field jobId <<< "$answer")"
      [ "$(field partSizeBytes <<< "$answer")" = "$part_size" ] || { log "the part plan changed: $answer"; exit 1; }
      send_parts "$base"
      parts_s="$(seconds_since "$t0")"
      t_finish="$(now_ns)"
      answer="$(post --max-time 300 "$base/xrpc/app.bsky.video.finishUpload" -H "Authorization: Bearer $token" \
        -H "Content-Type: application/json" -d "{\"jobId\":\"$upload_id\"}")"
      finish_s="$(seconds_since "$t_finish")"
      job="$(field completedJobId <<< "$answer")"
      ;;
  esac
  wall="$(seconds_since "$t0")"
  cpu="$(awk -v a="$cpu0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')"
  [ -n "$job" ] || { log "no job in the answer: $answer"; exit 1; }
  stop_sampler
  read -r peak_used peak_old ygcs < <(peaks "$work/samples")
  read -r after_used _ < <(heap_after_gc)
  echo "$method $round $wall $(mbps "$wall") $(mib $((peak_used - base_used))) $(mib $((peak_old - base_old))) \
$(mib $((after_used - base_used))) $ygcs $cpu $parts_s $finish_s" >> "$results"
  log "round $round: $method ($did): $wall s, $(mbps "$wall") MB/s, heap +$(mib $((peak_used - base_used))) MiB peak," \
    "old gen +$(mib $((peak_old - base_old))) MiB, +$(mib $((after_used - base_used))) MiB after GC, $ygcs young GCs"
  wait_job "$job"
}

uploads=(single multipart single-data-binary)
did_suffix() { case "$1" in single) echo a ;; multipart) echo b ;; single-data-binary) echo c ;; esac; }
for round in $(seq 1 "$rounds"); do
  measure_dd disk-fdatasync conv=fdatasync
  measure_dd page-cache
  if [ -n "$sink_port" ]; then
    measure_sink sink-single
    measure_sink sink-parts
    measure_sink sink-data-binary
  fi
  # Each round starts the uploads one further along, so each comes first, second and third.
  for i in 0 1 2; do
    method="${uploads[$(((round - 1 + i) % 3))]}"
    measure_upload "$method" "did:plc:bench${round}$(did_suffix "$method")"   # a new account: no dedupe
  done
done
read -r end_used _ < <(heap_after_gc)

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
med() { awk -v m="$1" -v c="$2" '$1 == m { print $c }' "$results" | median; }
has() { grep -q "^$1 " "$results"; }
disk="$(med disk-fdatasync 4)"
label() {
  case "$1" in
    disk-fdatasync) echo "disk write: \`dd bs=8M conv=fdatasync\`" ;;
    page-cache) echo "page-cache write: \`dd bs=8M\`, no sync" ;;
    sink-single) echo "client floor, one request: \`curl -T\` into a sink" ;;
    sink-parts) echo "client floor, parts: \`curl -T\` ×$part_count, 4 in flight, into a sink" ;;
    sink-data-binary) echo "client floor, one request: \`curl --data-binary @file\` into a sink" ;;
    single) echo "**single POST** (\`uploadVideo\`, \`curl -T\`)" ;;
    multipart) echo "**multipart** (\`startUpload\`, $part_count parts 4 in flight, \`finishUpload\`)" ;;
    single-data-binary) echo "single POST, README's \`curl --data-binary @file\`" ;;
  esac
}
summary() {
  echo "| method | wall s | MB/s | ÷ disk write | heap growth MiB | old-gen growth MiB | after GC MiB | young GCs | server CPU s | finish s |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local m
  for m in disk-fdatasync page-cache sink-single sink-parts sink-data-binary; do
    has "$m" || continue
    printf "| %s | %.2f | %.0f | %.2f | — | — | — | — | — | — |\n" "$(label "$m")" "$(med "$m" 3)" "$(med "$m" 4)" \
      "$(awk -v a="$(med "$m" 4)" -v b="$disk" 'BEGIN { print a / b }')"
  done
  for m in single multipart single-data-binary; do
    printf "| %s | %.2f | %.0f | %.2f | %.1f | %.1f | %.1f | %s | %.2f | %s |\n" "$(label "$m")" "$(med "$m" 3)" "$(med "$m" 4)" \
      "$(awk -v a="$(med "$m" 4)" -v b="$disk" 'BEGIN { print a / b }')" "$(med "$m" 5)" "$(med "$m" 6)" "$(med "$m" 7)" \
      "$(med "$m" 8)" "$(med "$m" 9)" "$([ "$m" = multipart ] && printf '%.2f' "$(med "$m" 11)" || echo —)"
  done
}
per_run() {
  echo "| round | run | wall s | MB/s | heap growth MiB | old-gen growth MiB | after GC MiB | young GCs | server CPU s | parts s | finish s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk '{
    if (NF > 4) printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11
    else printf "| %s | %s | %s | %s | — | — | — | — | — | — | — |\n", $2, $1, $3, $4
  }' "$results"
}

section="$work/section.md"
{
  echo "## Multipart uploads"
  echo
  echo "Produced by \`$command_line\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory (\`free -g\` total),"
  echo "load average before the run: $load_before. The test file, its parts, the \`dd\` copies and the"
  echo "server's data dir share one filesystem: \`$(df -h "$work" | tail -n1 | tr -s ' ')\` (\`df -h\`)."
  echo "The server is \`./stratus serve --dev\` on 127.0.0.1 with \`STRATUS_JAVA_OPTS=$STRATUS_JAVA_OPTS\`"
  echo "($("$jdk/bin/java" -version 2>&1 | head -n1), $heap_info);"
  echo "its heap after start and a full GC: $(mib "$start_used") MiB used; at the end, after a full GC: $(mib "$end_used") MiB."
  echo "Input: $size bytes (MB = 10^6 bytes), random behind a 24-byte MP4 \`ftyp\` box so"
  echo "\`finishUpload\`'s container sniff lets it through (the job then fails validation; only the upload"
  echo "is timed). The client is curl ($(curl --version | head -n1 | cut -d' ' -f2)) on loopback, streaming each body from a file"
  echo "(\`-T\`, so with a \`Content-Length\`, and without \`Expect: 100-continue\`); multipart sends the"
  echo "parts \`startUpload\` plans ($part_size bytes; the file is split along that plan before the"
  echo "clock starts) 4 at a time (\`xargs -P4\`), then finishes. Median of $rounds rounds; each round"
  echo "measures the disk and the client floor first, then the three uploads, each round starting one"
  echo "further along, each upload as a new account (no dedupe), after \`sync\` and after the previous"
  echo "job has ended. Absolute numbers on shared machines are noisy; compare the ratios within one run."
  echo
  summary
  echo
  echo "- **÷ disk write** is throughput over the \`dd conv=fdatasync\` speed of the same disk. The server"
  echo "  does not fsync an upload: it writes into the page cache, like the no-sync \`dd\` row."
  echo "- **client floor** rows are the same curl commands into a sink that reads each body and answers"
  echo "  200 (a few lines of Python): what the client and loopback cost with no server work at all."
  echo "  The \`--data-binary\` rows show why the uploads use \`-T\`: curl reads the whole file into memory"
  echo "  before sending and is then the bottleneck, whatever the server does."
  echo "- **wall s** is the client's time from the first request to the last answer; for multipart it"
  echo "  includes \`startUpload\` and \`finishUpload\`, and **finish s** is \`finishUpload\` alone (the join"
  echo "  of the parts into one file, hashed on the way)."
  echo "- The heap columns come from \`jstat -gc\` every 200 ms during the upload, relative to the heap used"
  echo "  right after a full GC (\`jcmd GC.run\`) taken just before it, in MiB."
  echo "  **heap growth** is the peak of S0U+S1U+EU+OU. It counts garbage too (G1 lets eden fill"
  echo "  before a young GC), so it bounds what the upload holds from above, and with no young GC during"
  echo "  the upload it is everything the upload allocated. **old-gen growth** (OU) is what outlived a"
  echo "  young GC plus G1's humongous objects (arrays of half a region or more): a body buffered in"
  echo "  memory would show up here. **after GC** is the heap used after a full GC once the upload has"
  echo "  answered: what the upload leaves behind. **young GCs** counts collections during the upload"
  echo "  (churn); **server CPU s** is the JVM's user + system time during it."
  echo
  echo "Every run:"
  echo
  per_run
} > "$section"

"$root/bench/write-section.sh" bench/multipart.sh "$section"
cat "$section"
