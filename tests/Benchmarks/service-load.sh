#!/usr/bin/env bash
# Service throughput and latency over HTTP on this machine: starts the built host on its embedded defaults,
# makes one solvency proof, then measures
#   - POST /proofs/verify (the proof and public signals in the body) requests per second,
#   - POST /proofs/generate latency p50/p95 for every bundled circuit with an example-input.json,
#   - for a credential issued through POST /credentials: generate latency from the credential (inputs built from the
#     sealed credential, witness, proof, verify-after-prove) and verification of its presentation (proof, trusted
#     issuer, nonce, schema, decoding),
# with the bounded C# client `CredentialHub.Benchmarks http-load`.
#
# Usage: tests/Benchmarks/service-load.sh [verify-seconds=10] [verify-connections=16] [generate-seconds=20]
# Rate limits are off (RATE_LIMIT_PER_MINUTE=0) unless set in the environment: to measure the cost of limiting without
# being refused, run with e.g. RATE_LIMIT_PER_MINUTE=1000000 PROVE_RATE_LIMIT_PER_MINUTE=1000000. Every request
# carries the admin API key the host prints at start-up.
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
    RATE_LIMIT_PER_MINUTE="${RATE_LIMIT_PER_MINUTE:-0}" PROVE_RATE_LIMIT_PER_MINUTE="${PROVE_RATE_LIMIT_PER_MINUTE:-0}" \
    dotnet "$HOST_DLL" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
API_KEY="$(sed -n 's/^admin API key.*: \(chk_[A-Za-z0-9_-]*\)$/\1/p' "$WORK/host.log" | head -1)"
export API_KEY
[[ -n "$API_KEY" ]] || { echo "the host printed no admin API key" >&2; exit 1; }

for dir in "$ROOT"/circuits/*/; do
    id="$(basename "$dir")"
    [[ -f "$dir/example-input.json" ]] || continue
    node -e 'const fs=require("fs");process.stdout.write(JSON.stringify({circuit_id:process.argv[1],inputs:JSON.parse(fs.readFileSync(process.argv[2]))}))' \
        "$id" "$dir/example-input.json" > "$WORK/generate-$id.json"
    curl -sf -X POST "http://127.0.0.1:$PORT/proofs/generate" -H 'content-type: application/json' -H "X-API-Key: $API_KEY" \
        --data-binary @"$WORK/generate-$id.json" > "$WORK/proof-$id.json"
    node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync(process.argv[2]));process.stdout.write(JSON.stringify({circuit_id:process.argv[1],proof:p.proof,public_signals:p.public_signals}))' \
        "$id" "$WORK/proof-$id.json" > "$WORK/verify-$id.json"
    # The example credential is signed by a public test key the service does not trust: its presentations are
    # measured below, from a credential the service issued.
    if [[ "$id" != "selective-disclosure" ]]; then
        echo "== $id: verify"
        dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/verify" "$WORK/verify-$id.json" "$CONNECTIONS" "$VERIFY_SECONDS"
    fi
    echo "== $id: generate (one connection: latency of a proof on an idle service)"
    dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/generate" "$WORK/generate-$id.json" 1 "$GENERATE_SECONDS"
done

echo "== selective-disclosure from a stored credential (reveal name, nationality; age >= 18, score <= 700)"
curl -sf -X POST "http://127.0.0.1:$PORT/credentials" -H 'content-type: application/json' -H "X-API-Key: $API_KEY" --data-binary @- > "$WORK/credential.json" <<'JSON'
{"subject":"did:example:bench","type":"DrivingLicence","attributes":[
 {"name":"name","type":"string","value":"Alice Example"},{"name":"birth_date","type":"date","value":"1990-05-17"},
 {"name":"nationality","type":"string","value":"NLD"},{"name":"licence_class","type":"string","value":"B"},
 {"name":"score","type":"integer","value":650}]}
JSON
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync(process.argv[1]));process.stdout.write(JSON.stringify({circuit_id:"selective-disclosure",credential_id:c.id.slice("urn:uuid:".length),reveal_attributes:["name","nationality"],predicates:[{attribute:"birth_date",op:"age_at_least",value:18},{attribute:"score",op:"<=",value:700}],nonce:process.argv[2]}))' \
    "$WORK/credential.json" "$(curl -sf -X POST "http://127.0.0.1:$PORT/proofs/challenges" -H 'content-type: application/json' -H "X-API-Key: $API_KEY" -d '{}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).nonce))')" > "$WORK/generate-credential.json"
curl -sf -X POST "http://127.0.0.1:$PORT/proofs/generate" -H 'content-type: application/json' -H "X-API-Key: $API_KEY" \
    --data-binary @"$WORK/generate-credential.json" > "$WORK/proof-credential.json"
node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync(process.argv[1]));process.stdout.write(JSON.stringify({circuit_id:"selective-disclosure",proof:p.proof,public_signals:p.public_signals,presentation:p.presentation,nonce:p.public_signals[40]}))' \
    "$WORK/proof-credential.json" > "$WORK/verify-credential.json"
echo "== credential presentation: verify (the nonce is spent by the first request: the rest measure the full check ending in the replay refusal, 409)"
dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/verify" "$WORK/verify-credential.json" "$CONNECTIONS" "$VERIFY_SECONDS"
echo "== credential: generate (one connection)"
dotnet "$BENCH_DLL" http-load "http://127.0.0.1:$PORT/proofs/generate" "$WORK/generate-credential.json" 1 "$GENERATE_SECONDS"
