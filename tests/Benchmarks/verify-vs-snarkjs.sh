#!/usr/bin/env bash
# Compares end-to-end verification time (process start to exit) of
#   snarkjs:  node node_modules/snarkjs/build/cli.cjs groth16 verify vk public proof
#   ours:     dotnet src/Host/bin/Release/net10.0/CredentialHub.Host.dll verify vk public proof
# on the committed vectors in tests/Groth16.Tests/vectors/{multi,poseidon}.
#
# Usage: tests/Benchmarks/verify-vs-snarkjs.sh [runs]     (runs defaults to 5)
#
# Both commands must accept every proof (exit 0); each is run `runs` times per
# circuit and the table shows the median wall time in ms and snarkjs/ours.
# Wall time includes process start-up (Node and .NET runtime), which dominates for
# these small circuits.
set -euo pipefail

RUNS="${1:-5}"
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [runs]   (runs: positive integer, default 5)" >&2
    exit 2
fi

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
VECTORS="$ROOT/tests/Groth16.Tests/vectors"
CIRCUITS=(multi poseidon)

# snarkjs: prefer the CLI inside the package, fall back to the npm bin link.
SNARKJS=""
for candidate in "$ROOT/node_modules/snarkjs/build/cli.cjs" "$ROOT/node_modules/.bin/snarkjs"; do
    if [[ -f "$candidate" ]]; then
        SNARKJS="$candidate"
        break
    fi
done
if [[ -z "$SNARKJS" ]]; then
    echo "error: snarkjs not found under $ROOT/node_modules; run 'npm ci' in $ROOT first" >&2
    exit 2
fi
command -v node >/dev/null 2>&1 || { echo "error: node is not on PATH" >&2; exit 2; }
command -v dotnet >/dev/null 2>&1 || { echo "error: dotnet is not on PATH" >&2; exit 2; }

HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
if [[ ! -f "$HOST_DLL" ]]; then
    echo "building $HOST_DLL ..." >&2
    dotnet build -c Release "$ROOT/src/Host" >&2
    if [[ ! -f "$HOST_DLL" ]]; then
        echo "error: $HOST_DLL still missing after the build" >&2
        exit 1
    fi
fi

for c in "${CIRCUITS[@]}"; do
    for f in verification_key.json public.json proof.json; do
        [[ -f "$VECTORS/$c/$f" ]] || { echo "error: missing $VECTORS/$c/$f" >&2; exit 2; }
    done
done

now_ns() { date +%s%N; }

# median of the arguments (integers); mean of the two middle values for even counts
median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run_timed <label> <cmd...>: runs the command once, prints elapsed ms on stdout,
# fails loudly (with its output) if the command does not accept the proof.
LOG="$(mktemp "${TMPDIR:-/tmp}/verify-bench.XXXXXX")"
trap 'rm -f "$LOG"' EXIT
run_timed() {
    local label="$1"
    shift
    local t0 t1
    t0=$(now_ns)
    if ! "$@" >"$LOG" 2>&1; then
        echo "error: $label rejected the proof or failed:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    t1=$(now_ns)
    echo $(((t1 - t0) / 1000000))
}

declare -a rows=()
for c in "${CIRCUITS[@]}"; do
    vk="$VECTORS/$c/verification_key.json"
    pub="$VECTORS/$c/public.json"
    proof="$VECTORS/$c/proof.json"
    s_times=()
    o_times=()
    echo "$c: $RUNS runs each ..." >&2
    for ((i = 0; i < RUNS; i++)); do
        s_times+=("$(run_timed "snarkjs ($c)" node "$SNARKJS" groth16 verify "$vk" "$pub" "$proof")")
        o_times+=("$(run_timed "CredentialHub.Host ($c)" dotnet "$HOST_DLL" verify "$vk" "$pub" "$proof")")
    done
    s_med=$(median "${s_times[@]}")
    o_med=$(median "${o_times[@]}")
    ratio=$(awk -v s="$s_med" -v o="$o_med" 'BEGIN { if (o > 0) printf "%.2f", s / o; else print "n/a" }')
    rows+=("$c|$s_med|$o_med|$ratio")
done

printf '\n%-10s %18s %15s %17s\n' "circuit" "snarkjs median ms" "ours median ms" "snarkjs/ours"
for row in "${rows[@]}"; do
    IFS='|' read -r c s o r <<<"$row"
    printf '%-10s %18s %15s %17s\n' "$c" "$s" "$o" "$r"
done
printf '(runs per command: %s; wall time including process start-up)\n' "$RUNS"
