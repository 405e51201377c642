#!/usr/bin/env bash
# The outputs of one Stratus encode (MP4 blob, HLS 360p/720p/1080p, thumbnail) made the naive way,
# one ffmpeg per output, each decoding the source again. Same codec settings as Stratus.
#   bench/separate-passes.sh FFMPEG SRC OUT   (a 1080p landscape source)
set -euo pipefail
ffmpeg=("$1" -hide_banner -nostdin -y -loglevel error)
src="$2"
out="$3"
x264=(-c:v libx264 -preset veryfast -profile:v high -crf 23)
aac=(-c:a aac -b:a 128k -ac 2)
hls=(-force_key_frames "expr:gte(t,n_forced*4)" -sc_threshold 0 -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_type mpegts)
mkdir -p "$out"
"${ffmpeg[@]}" -i "$src" -vf "format=yuv420p,scale=1920:1080,setsar=1" "${x264[@]}" -maxrate 6000k -bufsize 12000k \
  "${aac[@]}" -movflags +faststart -f mp4 "$out/video.mp4"
for rung in "360p 640:360 1000" "720p 1280:720 3000" "1080p 1920:1080 6000"; do
  read -r name size rate <<< "$rung"
  mkdir -p "$out/$name"
  "${ffmpeg[@]}" -i "$src" -vf "format=yuv420p,scale=$size,setsar=1" "${x264[@]}" -maxrate "${rate}k" -bufsize "$((rate * 2))k" \
    "${aac[@]}" "${hls[@]}" -hls_segment_filename "$out/$name/video%d.ts" "$out/$name/video.m3u8"
done
"${ffmpeg[@]}" -i "$src" -vf "trim=start=1:duration=2,scale=1280:720,thumbnail=30" -frames:v 1 -update 1 "$out/thumbnail.jpg"
