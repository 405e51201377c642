#!/usr/bin/env bash
# Shared by the benchmarks that are Java classes under stratus-server's tests (named *Bench, so the
# test suite never runs them). Source it, then:
#   java_bench CLASS OUT [MODULE]   builds, runs CLASS (in MODULE, default stratus-server) through
#                                   failsafe, and leaves its results in OUT
#   produced_by SCRIPT       the line saying which script made a section, when, and on what machine
# It sets $root (the repository) and $load_before (the load average before anything ran).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

java_bench() {
  (cd "$root" && ./mvnw-jdk21 -q install -DskipTests \
    && ./mvnw-jdk21 -q -pl "${3:-stratus-server}" failsafe:integration-test failsafe:verify \
      -Dit.test="$1" -Dstratus.bench.out="$2" -DtrimStackTrace=false)
}

produced_by() {
  echo "Produced by \`$1\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(lscpu | sed -n 's/^Model name: *//p')), load average before the run: $load_before."
}
