#!/usr/bin/env bash
# Live snarkjs round trip for interop tests: builds everything from scratch in <outdir>
# for tests/Groth16.Tests/vectors/multi (fresh ptau, compile, setup, contribution,
# witness, proof) and checks the proof with `snarkjs groth16 verify`.
#
# Usage: tests/Groth16.Tests/interop/snarkjs-live.sh <outdir>
#
# Leaves in <outdir>: circuit.r1cs circuit.wasm circuit.zkey witness.wtns
#                     verification_key.json proof.json public.json input.json
# Exit codes: 0 ok, 1 a snarkjs/circom step failed, 2 usage or missing node_modules.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 <outdir>" >&2
    exit 2
fi

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../../.." && pwd -P)"
NM="$ROOT/node_modules"
CIRCUIT_REL="tests/Groth16.Tests/vectors/multi"
PTAU_POWER="${PTAU_POWER:-8}"

if ! command -v node >/dev/null 2>&1; then
    echo "error: node is not on PATH (Node 20 is required for the snarkjs interop test)" >&2
    exit 2
fi
SNARKJS_CLI="$NM/snarkjs/build/cli.cjs"
CIRCOM2_CLI="$NM/circom2/cli.js"
if [[ ! -f "$SNARKJS_CLI" || ! -f "$CIRCOM2_CLI" ]]; then
    echo "error: snarkjs/circom2 not found under $NM; run 'npm ci' in $ROOT first" >&2
    exit 2
fi
if [[ ! -f "$ROOT/$CIRCUIT_REL/circuit.circom" || ! -f "$ROOT/$CIRCUIT_REL/input.json" ]]; then
    echo "error: $ROOT/$CIRCUIT_REL/{circuit.circom,input.json} missing" >&2
    exit 2
fi

mkdir -p -- "$1"
OUT="$(cd -- "$1" && pwd -P)"
WORK="$OUT/work"
rm -rf -- "$WORK"
mkdir -p -- "$WORK"

snarkjs() { node "$SNARKJS_CLI" "$@"; }
circom2() { node "$CIRCOM2_CLI" "$@"; }

# Run a step quietly; on failure show its output and stop.
step() {
    local label="$1"
    shift
    if ! "$@" >"$WORK/step.log" 2>&1; then
        echo "error: step '$label' failed:" >&2
        cat "$WORK/step.log" >&2
        exit 1
    fi
}

start=$(date +%s%N)

step "powersoftau new" snarkjs powersoftau new bn128 "$PTAU_POWER" "$WORK/pot_0000.ptau"
step "powersoftau contribute" snarkjs powersoftau contribute "$WORK/pot_0000.ptau" "$WORK/pot_0001.ptau" \
    --name="interop" -e="credentialhub interop ptau"
step "powersoftau prepare phase2" snarkjs powersoftau prepare phase2 "$WORK/pot_0001.ptau" "$WORK/pot_final.ptau"

# circom2 is sandboxed: run it from the repo root with relative include paths.
step "circom2 compile" bash -c 'cd "$1" && node "$2" "$3/circuit.circom" --r1cs --wasm --O1 -l node_modules -o "$4"' \
    _ "$ROOT" "$CIRCOM2_CLI" "$CIRCUIT_REL" "$WORK"
cp "$WORK/circuit.r1cs" "$OUT/circuit.r1cs"
cp "$WORK/circuit_js/circuit.wasm" "$OUT/circuit.wasm"
cp "$ROOT/$CIRCUIT_REL/input.json" "$OUT/input.json"

step "groth16 setup" snarkjs groth16 setup "$OUT/circuit.r1cs" "$WORK/pot_final.ptau" "$WORK/circuit_0000.zkey"
step "zkey contribute" snarkjs zkey contribute "$WORK/circuit_0000.zkey" "$OUT/circuit.zkey" \
    --name="interop" -e="credentialhub interop zkey"
step "zkey export verificationkey" snarkjs zkey export verificationkey "$OUT/circuit.zkey" "$OUT/verification_key.json"
step "wtns calculate" snarkjs wtns calculate "$OUT/circuit.wasm" "$OUT/input.json" "$OUT/witness.wtns"
step "groth16 prove" snarkjs groth16 prove "$OUT/circuit.zkey" "$OUT/witness.wtns" "$OUT/proof.json" "$OUT/public.json"
step "groth16 verify" snarkjs groth16 verify "$OUT/verification_key.json" "$OUT/public.json" "$OUT/proof.json"
if ! grep -q "OK" "$WORK/step.log"; then
    echo "error: snarkjs groth16 verify did not report OK:" >&2
    cat "$WORK/step.log" >&2
    exit 1
fi

rm -rf -- "$WORK"
end=$(date +%s%N)
echo "snarkjs-live: OK ($(((end - start) / 1000000)) ms) -> $OUT"
