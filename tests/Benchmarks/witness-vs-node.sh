#!/usr/bin/env bash
# Witness generation speed: our `witness` command and compiled engine against node running the same
# circom circuit.wasm, on the same input.
#
# Usage: tests/Benchmarks/witness-vs-node.sh <circuit.wasm> <input.json> [runs=5]
#
# <circuit.wasm> must sit in circom's <name>_js/ folder next to generate_witness.js and
# witness_calculator.js (circom --wasm writes them together). Prints, for each side:
#   - whole process, start-up included: median wall time of `CredentialHub.Host witness` and of
#     `node generate_witness.js` over <runs> runs, and checks that the two .wtns files are identical;
#   - in process, start-up excluded: module load, first run and warm median (tests/Benchmarks
#     witness-timing for ours, witness-timing.js for node).
# tests/Benchmarks/prove-vs-snarkjs.sh 16 builds a 2^16-constraint Poseidon chain to use here
# (.bench-work/chain<n>/main_js/main.wasm and input.json).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
WASM="${1:?usage: witness-vs-node.sh <circuit.wasm> <input.json> [runs]}"
INPUT="${2:?usage: witness-vs-node.sh <circuit.wasm> <input.json> [runs]}"
RUNS="${3:-5}"
JS_DIR="$(cd -- "$(dirname -- "$WASM")" && pwd -P)"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
BENCH_DLL="$ROOT/tests/Benchmarks/bin/Release/net10.0/CredentialHub.Benchmarks.dll"
[[ -f "$JS_DIR/generate_witness.js" ]] || { echo "error: $JS_DIR has no generate_witness.js" >&2; exit 2; }

dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tests/Benchmarks" -v quiet -nologo >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }
wall() { # wall <out> <command...>: seconds
    local start end
    start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

for _ in $(seq "$RUNS"); do
    wall dotnet "$HOST_DLL" witness "$WASM" "$INPUT" "$WORK/ours.wtns" >> "$WORK/ours.times"
    wall node "$JS_DIR/generate_witness.js" "$WASM" "$INPUT" "$WORK/node.wtns" >> "$WORK/node.times"
done
cmp -s "$WORK/ours.wtns" "$WORK/node.wtns" || { echo "error: the witnesses differ" >&2; exit 1; }
ours=$(median < "$WORK/ours.times"); theirs=$(median < "$WORK/node.times")
echo "whole process (start-up included), median of $RUNS: ours ${ours} s, node ${theirs} s," \
    "ratio $(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')x; witnesses identical"
echo "in process (start-up excluded):"
DOTNET_TC_CallCountingDelayMs=0 dotnet "$BENCH_DLL" witness-timing "$WASM" "$INPUT" 20
node "$SCRIPT_DIR/witness-timing.js" "$WASM" "$INPUT" 20
