#!/usr/bin/env bash
# The cost of proving in prover processes (PROVER_PROCESSES=1) rather than in the web process (PROVER_PROCESSES=0), on
# this machine, over HTTP:
#   - POST /proofs/generate latency (one connection) for solvency and for a selective-disclosure presentation, and
#     POST /proofs/verify throughput, from tests/Benchmarks/service-load.sh run once per mode, alternating
#     ROUNDS times (0, 1, 0, 1, …), and the difference of the p50s;
#   - the boundary stage itself, with less noise than a difference of two runs: the part of each proof call spent
#     outside witness, prove and verify (proof_generation_duration_seconds{stage="boundary"}, its p50 from
#     /metrics/proofs) for solvency and selective-disclosure, GENERATE_SECONDS of proofs each, in both modes;
#   - the time from kill -9 of a prover process to a ready replacement (/health's prover_processes healthy again),
#     KILLS times.
# Usage: tests/Benchmarks/prover-boundary.sh [rounds=2] [generate-seconds=15] [kills=5]
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
ROUNDS="${1:-2}"; GENERATE_SECONDS="${2:-15}"; KILLS="${3:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tests/Benchmarks" -v quiet -nologo >/dev/null

for round in $(seq "$ROUNDS"); do
    [[ "$ROUNDS" -gt 0 ]] || break
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

PORT="${PORT:-18090}"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
BENCH_DLL="$ROOT/tests/Benchmarks/bin/Release/net10.0/CredentialHub.Benchmarks.dll"
HOST_PID=""
trap 'if [[ -n "$HOST_PID" ]]; then kill $HOST_PID 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
start_host() { # prover-processes
    ASPNETCORE_URLS="http://127.0.0.1:$PORT" CIRCUITS_DIR="$ROOT/circuits" PROVER_PROCESSES="$1" PROOF_QUEUE_CAPACITY=1000 \
        RATE_LIMIT_PER_MINUTE=0 PROVE_RATE_LIMIT_PER_MINUTE=0 dotnet "$HOST_DLL" >"$WORK/host.log" 2>&1 &
    HOST_PID=$!
    for _ in $(seq 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
    API_KEY="$(sed -n 's/^admin API key.*: \(chk_[A-Za-z0-9_-]*\)$/\1/p' "$WORK/host.log" | head -1)"
    export API_KEY
}
stop_host() { kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; HOST_PID=""; }

echo
echo "### the boundary stage: p50 ms of the proof call outside witness, prove and verify"
for id in solvency selective-disclosure; do
    node -e 'const fs=require("fs");process.stdout.write(JSON.stringify({circuit_id:process.argv[1],inputs:JSON.parse(fs.readFileSync(process.argv[2]))}))' \
        "$id" "$ROOT/circuits/$id/example-input.json" > "$WORK/generate-$id.json"
done
for processes in 0 1; do
    start_host "$processes"
    for id in solvency selective-disclosure; do
        dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/generate" "$WORK/generate-$id.json" 1 "$GENERATE_SECONDS" >/dev/null
    done
    curl -s -H "X-API-Key: $API_KEY" "http://127.0.0.1:$PORT/metrics/proofs" | node -e '
        let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
            for (const c of JSON.parse(s).circuits) {
                const st = c.generation.stages_ms, f = k => st[k] ? st[k].p50.toFixed(2) : "-";
                console.log(`PROVER_PROCESSES=${process.argv[1]} ${c.circuit}: boundary p50 ${f("boundary")} ms (witness ${f("witness")}, prove ${f("prove")}, verify ${f("verify")}, total ${f("total")}; ${c.generation.total} proofs)`);
            }
        })' "$processes"
    stop_host
done

echo
echo "### kill -9 of the prover process → a ready replacement"
start_host 1
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
