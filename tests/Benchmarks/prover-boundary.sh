#!/usr/bin/env bash
# The cost of proving in prover processes (PROVER_PROCESSES=1) rather than in the web process (PROVER_PROCESSES=0), on
# this machine, over HTTP:
#   - POST /proofs/generate latency (one connection) for solvency and for a selective-disclosure presentation, and
#     POST /proofs/verify throughput, from tests/Benchmarks/service-load.sh run once per mode, alternating
#     ROUNDS times (0, 1, 0, 1, …), and the difference of the p50s;
#   - the time from kill -9 of a prover process to a ready replacement (/health's prover_processes healthy again),
#     KILLS times.
# Usage: tests/Benchmarks/prover-boundary.sh [rounds=2] [generate-seconds=15] [kills=5]
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
ROUNDS="${1:-2}"; GENERATE_SECONDS="${2:-15}"; KILLS="${3:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for round in $(seq "$ROUNDS"); do
    for processes in 0 1; do
        echo "### round $round, PROVER_PROCESSES=$processes"
        PROVER_PROCESSES=$processes bash "$SCRIPT_DIR/service-load.sh" 10 16 "$GENERATE_SECONDS" | tee "$WORK/load-$processes-$round.txt"
    done
done

# p50 of the "generate" sections: solvency, and the credential presentation.
p50() { # file section-title
    awk -v title="$2" '$0 ~ "^== "title { on = 1; next } /^== / { on = 0 } on && /latency ms/ { sub(",", "", $4); print $4; exit }' "$1"
}
rate() { # file section-title
    awk -v title="$2" '$0 ~ "^== "title { on = 1; next } /^== / { on = 0 } on && /requests\/s/ { for (i = 1; i <= NF; i++) if ($i == "requests/s") print $(i-1); exit }' "$1"
}
echo
echo "### summary (p50 ms of POST /proofs/generate; verify requests/s at 16 connections)"
printf '%-6s %-26s %-26s %-26s\n' round "solvency p50 (0 → 1)" "presentation p50 (0 → 1)" "solvency verify/s (0 → 1)"
for round in $(seq "$ROUNDS"); do
    a0=$(p50 "$WORK/load-0-$round.txt" "solvency: generate"); a1=$(p50 "$WORK/load-1-$round.txt" "solvency: generate")
    c0=$(p50 "$WORK/load-0-$round.txt" "credential: generate"); c1=$(p50 "$WORK/load-1-$round.txt" "credential: generate")
    v0=$(rate "$WORK/load-0-$round.txt" "solvency: verify"); v1=$(rate "$WORK/load-1-$round.txt" "solvency: verify")
    printf '%-6s %-26s %-26s %-26s\n' "$round" "$a0 → $a1 (+$(echo "$a1 - $a0" | bc))" "$c0 → $c1 (+$(echo "$c1 - $c0" | bc))" "$v0 → $v1"
done

echo
echo "### kill -9 of the prover process → a ready replacement"
PORT="${PORT:-18090}"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
ASPNETCORE_URLS="http://127.0.0.1:$PORT" CIRCUITS_DIR="$ROOT/circuits" PROVER_PROCESSES=1 dotnet "$HOST_DLL" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
healthy() { curl -s "http://127.0.0.1:$PORT/health" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.exit(JSON.parse(s).checks.prover_processes.status==="healthy"?0:1)}catch{process.exit(1)}})'; }
for _ in $(seq 240); do healthy && break; sleep 0.5; done
for kill in $(seq "$KILLS"); do
    worker="$(pgrep -P "$HOST_PID" -f prover-worker | head -1)"
    start=$(date +%s%N)
    kill -9 "$worker"
    while healthy; do sleep 0.01; done   # until the pool notices
    until healthy; do sleep 0.02; done
    echo "kill $kill: ready again after $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
