#!/usr/bin/env bash
# Times whole `edl` commands (release build) and prints the median wall time
# of several runs next to the target, where one is set. Usage: Benchmarks/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
edl=.build/release/edl
[ -x "$edl" ] || { echo "bench: build first (make release)" >&2; exit 2; }

# name | target seconds ("-" for none) | command arguments
workloads=(
  "hypothesis-collapse bayes m=2^20, 64 inputs, n ≤ 100 on 20 points, 1 replicate, 1 thread|2.0|run hypothesis-collapse --set m=1048576 --set inputs=64 --set k=2 --n 1...100:log20 --replicates 1 --threads 1 --format csv"
  "hypothesis-collapse bayes m=1024, 64 inputs, n ≤ 200 on 20 points, 1000 replicates|-|run hypothesis-collapse --set m=1024 --set inputs=64 --n 1...200:log20 --replicates 1000 --format csv"
  "hypothesis-collapse digits m=2^20, n ≤ 300, 2000 replicates|-|run hypothesis-collapse --set class=digits --set m=1048576 --n 1...300:log12 --replicates 2000 --format csv"
  "coupon-collector bayes K=10^6, n ≤ 10^7 on 40 points, 1 replicate|2.0|run coupon-collector --set K=1000000 --n 1...10000000:log40 --replicates 1 --format csv"
  "coupon-collector bayes K=1000, n ≤ 10^4 on 30 points, 1000 replicates, 2 cores|2.0|run coupon-collector --set K=1000 --n 1...10000:log30 --replicates 1000 --format csv"
  "coupon-collector dirichlet K=1000, n ≤ 10^4 on 30 points, 1000 replicates|-|run coupon-collector --learner dirichlet --set K=1000 --n 1...10000:log30 --replicates 1000 --format csv"
  "coupon-collector bayes zipf K=10^6, n ≤ 10^7 on 40 points, 1 replicate|-|run coupon-collector --set K=1000000 --set frequencies=zipf --n 1...10000000:log40 --replicates 1 --format csv"
  "coupon-collector sgd table K=1000, k=10, n ≤ 10^4, 200 replicates, 2 cores|5.0|run coupon-collector --learner sgd --set K=1000 --set k=10 --n 1...10000:log20 --replicates 200 --format csv"
  "sweep of 100 coupon-collector cells (K = 10…10^4), 100 replicates each, n ≤ 10^4|30.0|sweep coupon-collector --set K=SWEEP_KS --n 1...10000:log20 --replicates 100 --output /tmp/edl-bench-sweep"
  "random-labels kt k=2, n ≤ 1000 on 20 points, 20000 replicates|-|run random-labels --learner kt --set k=2 --n 1...1000:log20 --replicates 20000 --format csv"
  "random-labels memoriser 100 inputs, n ≤ 10^4, 2000 replicates|-|run random-labels --learner memoriser --set inputs=100 --n 1...10000:log9 --replicates 2000 --format csv"
)

# 100 values of K from 10 to 10^4, log-spaced.
SWEEP_KS=$(awk 'BEGIN { for (i = 0; i < 100; i++) { printf "%s%d", (i ? "," : ""), int(10 * 1000 ^ (i / 99) + 0.5) + i } }')

printf '%-90s %10s %8s\n' "workload (whole process, median of $runs)" "wall s" "target"
for entry in "${workloads[@]}"; do
  IFS='|' read -r name target arguments <<<"$entry"
  arguments=${arguments//SWEEP_KS/$SWEEP_KS}
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    rm -rf /tmp/edl-bench-sweep
    "$edl" $arguments >/dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  verdict=""
  if [ "$target" != "-" ]; then
    verdict=$(awk -v m="$median" -v t="$target" 'BEGIN { print (m <= t) ? "ok" : "SLOW" }')
  fi
  printf '%-90s %10.3f %8s %s\n' "$name" "$median" "$target" "$verdict"
done
