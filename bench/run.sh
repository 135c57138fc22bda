#!/usr/bin/env bash
# Barrage's benchmark harness: barrage sim and barrage perf in two processes, each pinned to its
# own core with taskset when there is one, at parallel 100, 1,000 and 5,000, flat out and paced.
# Prints one table: SSE events/s consumed, requests/s, client CPU per event (and where it went),
# heap peak, and the timestamp error (delivery lag: simulator send stamp -> Barrage arrival stamp).
#
#   bench/run.sh            the table (about 5 minutes)
#   bench/run.sh --quick    a quarter of the requests per row (about 2 minutes; noisier, JIT not settled)
#   bench/run.sh --million  also a 1,000,000-request run with -Xmx1g
#   bench/run.sh --jmh      JMH: SSE parsing and metric aggregation
#   bench/run.sh --fuzz [N] the long fuzz run of the SSE decoder and event handling (default 10,000,000 inputs)
#   bench/run.sh --first-wave  issue 12's cold-start check: a fresh simulator (TTFT 100 ms), then two fresh
#                           barrage perf processes (--parallel 1 50 --number 5 100); TTFT p50, p99 and per wave
#   bench/run.sh --gc       only the rows that judge the collector (paced 2,000 streams, flat out 100), for
#                           comparing JVM settings: BENCH_JAVA_OPTS='-XX:+UseZGC' bench/run.sh --gc
#
# BENCH_JAVA_OPTS replaces the JVM options of barrage perf (default: the launcher's, see ./barrage);
# BENCH_SIM_JAVA_OPTS adds options to barrage sim's JVM.
#
# See bench/README.md and docs/performance.md (the published figures and how to read them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$here/target/bench"
mkdir -p "$out"
port="${BENCH_PORT:-18801}"

mode="table"; quick=0; million=0; gconly=0; fuzz_inputs=10000000
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --million) million=1 ;;
    --gc) gconly=1 ;;
    --first-wave) mode="first-wave" ;;
    --jmh) mode="jmh" ;;
    --fuzz) mode="fuzz" ;;
    [0-9]*) fuzz_inputs="$arg" ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

# Pinning: simulator on CPU 0, Barrage on CPU 1, when taskset exists and there are 2+ CPUs.
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  pin_sim="taskset -c 0"; pin_perf="taskset -c 1"; pinning="simulator on CPU 0, Barrage on CPU 1"
else
  pin_sim=""; pin_perf=""; pinning="not pinned (no taskset or one CPU)"
fi

bench_classpath() {
  ./mvnw -q -B -Pbench -DskipTests test-compile >/dev/null
  ./mvnw -q -B -Pbench dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test >/dev/null
  echo "target/test-classes:target/classes:$(cat "$out/classpath.txt")"
}

if [ "$mode" = "jmh" ]; then
  cp="$(bench_classpath)"
  # >= 5 iterations x 2 s: fewer give errors of +-100 % on a shared 2-core machine
  exec $pin_perf java -cp "$cp" org.openjdk.jmh.Main 'dev.barrage.bench.*' -wi 5 -w 2 -i 5 -r 2 -f 1
fi
if [ "$mode" = "first-wave" ]; then
  ./mvnw -q -B -DskipTests package >/dev/null
  cp_bench="$(bench_classpath)" # after the package: its test-compile would drop the bench classes
  launcher_opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$here/barrage")"
  cp target/barrage.jar "$out/sim.jar" # the simulator keeps running from its own copy
  $pin_sim java $launcher_opts -jar "$out/sim.jar" sim --port "$port" --ttft-ms 100 --itl-ms 10 --itl-growth 0 \
    --prefill-us-per-token 0 --max-batch 256 >"$out/sim.log" 2>&1 &
  sim_pid=$!
  trap 'kill $sim_pid 2>/dev/null' EXIT
  for _ in $(seq 1 300); do grep -q "listening" "$out/sim.log" 2>/dev/null && break; sleep 0.1; done
  for run in 1 2; do
    dir="$out/first-wave-$run"; rm -rf "$dir"
    $pin_perf ./barrage perf --parallel 1 50 --number 5 100 --model m --url "http://127.0.0.1:$port/v1/chat/completions" \
      --outputs-dir "$dir" --no-timestamp --name run >"$dir.log" 2>&1 || { echo "bench: perf failed, see $dir.log" >&2; exit 1; }
    echo "fresh process $run, parallel 50: $(java -cp "$cp_bench" dev.barrage.bench.FirstWave "$dir/run/parallel_50_number_100" 50)"
    grep -E "Client check|CLIENT-LIMITED" "$dir.log" | tail -n 1
  done
  echo "Simulator TTFT 100 ms; $pinning; logs and result folders: $out"
  exit 0
fi
if [ "$mode" = "fuzz" ]; then
  cp="$(bench_classpath)"
  exec java -cp "$cp" dev.barrage.bench.SseFuzz "$fuzz_inputs" "${FUZZ_SEED:-42}"
fi

# The JVM options of both processes: the launcher's own (what users get); BENCH_JAVA_OPTS replaces perf's.
launcher_opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$here/barrage")"
perf_opts="${BENCH_JAVA_OPTS-$launcher_opts}"

echo "bench: building target/barrage.jar ..." >&2
./mvnw -q -B -DskipTests package >/dev/null
jar="$here/target/barrage.jar"

sim_pid=""
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
trap stop_sim EXIT

start_sim() { # itl_ms
  stop_sim
  $pin_sim java $launcher_opts ${BENCH_SIM_JAVA_OPTS:-} -jar "$jar" sim --port "$port" --ttft-ms 0 --itl-ms "$1" --itl-growth 0 \
    --prefill-us-per-token 0 --max-batch 1000000 --io-threads 1 --stamp-events >"$out/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening" "$out/sim.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: the simulator did not start; see $out/sim.log" >&2
  exit 1
}

# field <text> <name> : the number after "<name> " in the probe line
field() { sed -n "s/.*$2 \([0-9.]*\).*/\1/p" <<<"$1" | head -n 1; }

printf '%-28s %8s %10s %9s %10s %7s %9s %9s %9s %9s %7s %s\n' "scenario" "parallel" "events/s" "req/s" "CPU us/ev" \
  "heap" "lag p50" "lag p99" "lag max" "loop p99" "GC max" "CPU by thread (us/event)"
rows="$out/table.txt"
: >"$rows"

# One Barrage JVM per simulator setting: its first step warms the JIT and the pools of both
# processes (both take 20-30 s of load before the compilers go quiet), the next steps are the rows.

run_group() { # label itl_ms tokens warm_parallel warm_requests "parallel:requests ..." [java opts]
  local label="$1" itl="$2" tokens="$3" warm_p="$4" warm_n="$5" rows_spec="$6" jopts="${7:--Xmx1g} $perf_opts"
  local dir="$out/run-itl$itl-tok$tokens" parallels=("$warm_p") numbers=("$warm_n") p n
  for pn in $rows_spec; do parallels+=("${pn%%:*}"); numbers+=("${pn##*:}"); done
  rm -rf "$dir"
  $pin_perf java $jopts -jar "$jar" perf --url "http://127.0.0.1:$port/v1/chat/completions" --model bench \
    --parallel "${parallels[@]}" --number "${numbers[@]}" --max-tokens "$tokens" \
    --extra-args '{"ignore_eos": true}' --delivery-lag --outputs-dir "$dir" --no-timestamp --name run \
    --sleep-interval 0 --log-every-n-query 0 >"$dir.log" 2>&1 || { echo "bench: perf failed, see $dir.log" >&2; exit 1; }
  local i=0 probe rps summary loop gcmax
  while IFS= read -r probe; do
    i=$((i + 1))
    [ "$i" -eq 1 ] && continue # the warm-up step
    p="${parallels[$((i - 1))]}"; n="${numbers[$((i - 1))]}"
    summary="$dir/run/parallel_${p}_number_${n}/benchmark_summary.json"
    rps="$(sed -n 's/.*"Req Throughput (req\/s)" : \([0-9.]*\).*/\1/p' "$summary")"
    loop="$(sed -n 's/.*"Event-loop lag p99 (ms)" : \([0-9.]*\).*/\1/p' "$summary")"
    gcmax="$(sed -n 's/.*"GC pause max (ms)" : \([0-9.]*\).*/\1/p' "$summary")"
    printf '%-28s %8s %10s %9s %10s %7s %9s %9s %9s %9s %7s %s\n' "$label" "$p" \
      "$(sed -n 's/.* = \([0-9]*\) events\/s.*/\1/p' <<<"$probe")" "$rps" \
      "$(sed -n 's/.* = \([0-9.]*\) us\/event.*/\1/p' <<<"$probe")" \
      "$(sed -n 's/.*heap peak \([0-9]*\) MiB.*/\1/p' <<<"$probe")MiB" \
      "$(field "$probe" p50)ms" "$(field "$probe" p99)ms" "$(field "$probe" max)ms" "${loop}ms" "${gcmax}ms" \
      "$(sed -n 's/.*us\/event (\([^)]*\)).*/\1/p' <<<"$probe")" | tee -a "$rows"
  done < <(grep 'delivery lag:' "$dir.log")
}

if [ "$quick" = 1 ]; then s=4; else s=1; fi
if [ "$gconly" = 1 ]; then
  start_sim 20
  run_group "20 ms/token, 100 tok/req" 20 100 1000 10000 "2000:16000"
  start_sim 0
  run_group "flat out, 200 tok/request" 0 200 1000 6000 "100:10000"
  stop_sim
  echo; echo "perf JVM options: ${perf_opts:-none}; $(java -version 2>&1 | head -n 1)."
  exit 0
fi
start_sim 0
run_group "flat out, 200 tok/request" 0 200 1000 $((6000 / s)) \
  "100:$((10000 / s)) 1000:$((10000 / s)) 5000:$((10000 / s))"
start_sim 20
run_group "20 ms/token, 100 tok/req" 20 100 1000 $((10000 / s)) \
  "100:$((1000 / s)) 1000:$((8000 / s)) 5000:$((15000 / s))"
if [ "$million" = 1 ]; then
  start_sim 0
  run_group "1,000,000 requests, -Xmx1g" 0 4 100 10000 "100:1000000" "-Xmx1g"
fi
stop_sim
echo
echo "$(nproc) CPUs, $pinning; $(java -version 2>&1 | head -n 1); $(uname -sr); perf JVM options: ${perf_opts:-none}."
echo "events/s: SSE events Barrage consumed per second of the measured run (tokens, plus role, usage and [DONE]);"
echo "CPU us/ev: Barrage's whole-process CPU (user+sys) per event, by thread: io = event loop, jit = compilers,"
echo "gc, other = collector/SQLite/scheduler; heap: peak heap use; lag: simulator's send stamp to Barrage's arrival"
echo "stamp (same CLOCK_MONOTONIC); loop p99: the run's event-loop lag p99 (client verdict); GC max: its longest"
echo "stop-the-world pause. Logs and result folders: $out"
