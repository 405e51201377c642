#!/usr/bin/env bash
# Replaces one script's section of BENCHMARKS.md (between its marker comments), or appends it, so
# each benchmark rewrites only its own results.  Usage: bench/write-section.sh NAME SECTION_FILE
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="$1"
section="$2"
md="$root/BENCHMARKS.md"
begin="<!-- $name: begin (this section is rewritten by the script) -->"
end="<!-- $name: end -->"
[ -f "$md" ] || printf '# Benchmarks\n' > "$md"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
if grep -qF -- "<!-- $name: begin" "$md"; then
  awk -v f="$section" -v b="<!-- $name: begin" -v e="$end" '
    index($0, b) == 1 { print "'"$begin"'"; while ((getline line < f) > 0) print line; print e; skip = 1; next }
    index($0, e) == 1 { skip = 0; next }
    !skip' "$md" > "$tmp"
else
  { cat "$md"; echo; echo "$begin"; cat "$section"; echo "$end"; } > "$tmp"
fi
cat "$tmp" > "$md"
