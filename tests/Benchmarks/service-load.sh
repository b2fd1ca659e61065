#!/usr/bin/env bash
# Service throughput and latency over HTTP on this machine: starts the built host on its embedded defaults,
# makes one solvency proof, then measures
#   - POST /proofs/verify (the proof and public signals in the body) requests per second,
#   - POST /proofs/generate latency p50/p95 for every bundled circuit with an example-input.json,
# with the bounded C# client `CredentialHub.Benchmarks http-load`.
#
# Usage: tests/Benchmarks/service-load.sh [verify-seconds=10] [verify-connections=16] [generate-seconds=20]
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
VERIFY_SECONDS="${1:-10}"; CONNECTIONS="${2:-16}"; GENERATE_SECONDS="${3:-20}"
PORT="${PORT:-18089}"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
BENCH_DLL="$ROOT/tests/Benchmarks/bin/Release/net10.0/CredentialHub.Benchmarks.dll"

dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tests/Benchmarks" -v quiet -nologo >/dev/null
WORK="$(mktemp -d)"
ASPNETCORE_URLS="http://127.0.0.1:$PORT" PROOF_QUEUE_CAPACITY=1000 CIRCUITS_DIR="$ROOT/circuits" \
    dotnet "$HOST_DLL" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

for dir in "$ROOT"/circuits/*/; do
    id="$(basename "$dir")"
    [[ -f "$dir/example-input.json" ]] || continue
    node -e 'const fs=require("fs");process.stdout.write(JSON.stringify({circuit_id:process.argv[1],inputs:JSON.parse(fs.readFileSync(process.argv[2]))}))' \
        "$id" "$dir/example-input.json" > "$WORK/generate-$id.json"
    curl -sf -X POST "http://127.0.0.1:$PORT/proofs/generate" -H 'content-type: application/json' \
        --data-binary @"$WORK/generate-$id.json" > "$WORK/proof-$id.json"
    node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync(process.argv[2]));process.stdout.write(JSON.stringify({circuit_id:process.argv[1],proof:p.proof,public_signals:p.public_signals}))' \
        "$id" "$WORK/proof-$id.json" > "$WORK/verify-$id.json"
    echo "== $id: verify"
    dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/verify" "$WORK/verify-$id.json" "$CONNECTIONS" "$VERIFY_SECONDS"
    echo "== $id: generate (one connection: latency of a proof on an idle service)"
    dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/generate" "$WORK/generate-$id.json" 1 "$GENERATE_SECONDS"
done
