#!/usr/bin/env bash
# How much slower the first proof after the service reports ready is than the steady state, per bundled circuit:
# publishes the host as the Dockerfile does (ReadyToRun; BUILT=1 runs the plain build instead, as `dotnet run` does),
# starts it RUNS times on its embedded defaults (PROVER_PROCESSES as in the environment, default 1), waits
# until it listens and /health answers, times the first POST /proofs/generate of each circuit's example-input.json
# (solvency, then selective-disclosure), then STEADY more of each, and prints first / median of the steady ones.
# Also prints how long the host took from start to listening, and its "ready" log line.
# Usage: tests/Benchmarks/first-proof.sh [runs=3] [steady=8]
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
RUNS="${1:-3}"; STEADY="${2:-8}"
PORT="${PORT:-18091}"
WORK="$(mktemp -d)"
HOST_PID=""
cleanup() { [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
if [[ "${BUILT:-0}" == 1 ]]; then
    dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null
    HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
else
    # The Dockerfile's publish command, into the work folder.
    publish="$(sed -n 's/^RUN \(dotnet publish .*\)$/\1/p' "$ROOT/Dockerfile")"
    [[ -n "$publish" ]] || { echo "error: no dotnet publish line in the Dockerfile" >&2; exit 2; }
    (cd "$ROOT" && ${publish/ -o \/app / -o $WORK/app } -v quiet >/dev/null)
    HOST_DLL="$WORK/app/CredentialHub.Host.dll"
fi

generate() { # circuit → seconds
    local body="$WORK/body-$1.json"
    [[ -f "$body" ]] || printf '{"circuit_id":"%s","inputs":%s}' "$1" "$(cat "$ROOT/circuits/$1/example-input.json")" > "$body"
    curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT/proofs/generate" \
        -H 'content-type: application/json' -H "X-API-Key: $API_KEY" --data-binary @"$body" > "$WORK/status.txt"
    read -r code seconds < "$WORK/status.txt"
    [[ "$code" == 200 ]] || { echo "generate $1: HTTP $code $(cat "$WORK/answer.json")" >&2; exit 1; }
    echo "$seconds"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-4s %-10s %-22s %-10s %-10s %-6s\n' run start circuit "first ms" "steady ms" ratio
for run in $(seq "$RUNS"); do
    started=$(date +%s.%N)
    (cd "$WORK" && RATE_LIMIT_PER_MINUTE=0 PROVE_RATE_LIMIT_PER_MINUTE=0 CIRCUITS_DIR="$ROOT/circuits" ASPNETCORE_URLS="http://127.0.0.1:$PORT" exec dotnet "$HOST_DLL" > "$WORK/host.log" 2>&1) &
    HOST_PID=$!
    until grep -q "CredentialHub ready on" "$WORK/host.log" 2>/dev/null; do
        kill -0 "$HOST_PID" 2>/dev/null || { cat "$WORK/host.log" >&2; exit 1; }
        sleep 0.05
    done
    listening=$(date +%s.%N)
    API_KEY="$(sed -n 's/^admin API key.*: \(chk_[A-Za-z0-9_-]*\)$/\1/p' "$WORK/host.log" | head -1)"
    for circuit in solvency selective-disclosure; do
        first=$(generate "$circuit")
        steady=$(for _ in $(seq "$STEADY"); do generate "$circuit"; done | median)
        printf '%-4s %-10s %-22s %-10s %-10s %-6s\n' "$run" "$(echo "$listening - $started" | bc | xargs printf '%.1f s')" "$circuit" \
            "$(echo "$first * 1000" | bc | xargs printf '%.0f')" "$(echo "$steady * 1000" | bc | xargs printf '%.0f')" "$(echo "scale=2; $first / $steady" | bc)"
    done
    grep -E "made: |CredentialHub ready" "$WORK/host.log" | sed "s/.*\(made: \)/\1/" | head -4 || true
    kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; HOST_PID=""
done
