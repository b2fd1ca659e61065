#!/usr/bin/env bash
# Proving speed and peak memory: our provers against `snarkjs groth16 prove` (and rapidsnark when built), same zkey,
# same witness.
#
# Usage: tests/Benchmarks/prove-vs-snarkjs.sh [log2-size ...]     (default: 15 16 20)
#
# Ours, three ways: `credentialhub-prover prove` (plugins/Groth16.Bn254/Prover, compiled ahead of time with NativeAOT;
# published by this script into $BENCH_WORK/native when clang is installed), the host's `prove` verb (the same code run
# by the .NET runtime: its start-up and JIT included), and "resident": the key loaded once and proofs made one after
# another through the plugin's contract, as the service's prover processes make them (tests/Benchmarks
# ResidentProving: the median of 6 proofs after the first).
#
# For each size, builds a chain of circomlib Poseidon hashes with just under 2^k constraints
# (circuits/poseidon_chain.circom), compiles it with circom2 at --O1 (at --O2 the 32-bit circom2 build
# runs out of memory near 2^20 constraints), makes an insecure development key with our
# `setup` (snarkjs's own setup would need a powers-of-tau file and hours at these sizes), computes the
# witness with node, proves with both provers, checks both proofs with `snarkjs groth16 verify`, and
# prints wall time and peak resident memory (GNU time) of each and the ratio: each command runs RUNS times (default 5
# up to 2^16, once above) and its median wall time and largest peak are shown. Work files go to
# $BENCH_WORK (default: a directory under /tmp) and are kept for inspection.
#
# With iden3's native prover built (../shared/tools/build-rapidsnark.sh; $RAPIDSNARK names its `prover`, default
# /tmp/rapidsnark-build/rapidsnark/build_prover/src/prover when that exists) it is a third column: the same zkey and
# witness, its proof checked by snarkjs too, and the ratio of our time to its.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(15 16 20)
WORK="${BENCH_WORK:-/tmp/credentialhub-prove-bench}"
SNARKJS="$ROOT/node_modules/snarkjs/build/cli.cjs"
CIRCOM2="$ROOT/node_modules/circom2/cli.js"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
BENCH_DLL="$ROOT/tests/Benchmarks/bin/Release/net10.0/CredentialHub.Benchmarks.dll"
NATIVE="$WORK/native/credentialhub-prover"
RAPIDSNARK="${RAPIDSNARK:-/tmp/rapidsnark-build/rapidsnark/build_prover/src/prover}"
[[ -x "$RAPIDSNARK" ]] || RAPIDSNARK=""

for tool in node dotnet /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required" >&2; exit 2; }
done
[[ -f "$SNARKJS" && -f "$CIRCOM2" ]] || { echo "error: run 'npm ci' in $ROOT first" >&2; exit 2; }
dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tests/Benchmarks" -v quiet -nologo >/dev/null
if command -v clang >/dev/null 2>&1; then
    dotnet publish -c Release -r linux-x64 "$ROOT/plugins/Groth16.Bn254/Prover/Prover.csproj" -o "$WORK/native" -v quiet -nologo >/dev/null
else
    echo "note: clang is not installed, so credentialhub-prover (NativeAOT) is not published and its columns are empty" >&2
    NATIVE=""
fi

# measure <label> <runs> <command...>: runs it <runs> times, each run's "<seconds> <peak KiB>" in $WORK/<label>.times;
# prints "<median seconds> <largest peak MiB>"
measure() {
    local label="$1" runs="$2"; shift 2
    : > "$WORK/$label.times"
    for ((run = 0; run < runs; run++)); do
        /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" >"$WORK/$label.log" 2>&1 || {
            echo "error: $label failed:" >&2; cat "$WORK/$label.log" >&2; exit 1; }
        cat "$WORK/$label.time" >> "$WORK/$label.times"
    done
    sort -n "$WORK/$label.times" | awk '{ t[NR] = $1; if ($2 > peak) peak = $2 } END { printf "%.2f %.0f", t[int((NR + 1) / 2)], peak / 1024 }'
}

# ratio <a> <b>: a / b as "1.23x", or "-" when either is missing
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

constraints_of() { node "$SNARKJS" r1cs info "$1" 2>/dev/null | sed -n 's/.*# of Constraints: \([0-9]*\).*/\1/p'; }

compile() { # compile <n-hashes> <dir>
    local n="$1" dir="$2"
    mkdir -p "$dir"
    local rel="${dir#"$ROOT"/}"
    printf 'pragma circom 2.0.0;\ninclude "poseidon_chain.circom";\ncomponent main = PoseidonChain(%s);\n' "$n" > "$dir/main.circom"
    # circom2 runs sandboxed: compile from the repository root with relative paths.
    (cd "$ROOT" && node "$CIRCOM2" "$rel/main.circom" --r1cs --wasm --O1 -l node_modules -l tests/Benchmarks/circuits -o "$rel" >"$dir/compile.log" 2>&1) || {
        echo "error: circom2 failed for $n hashes:" >&2; cat "$dir/compile.log" >&2; exit 1; }
}

mkdir -p "$WORK"
case "$WORK" in "$ROOT"/*) ;; *) # circom2 needs the sources under the repository root
    WORK_IN_REPO="$ROOT/.bench-work"; mkdir -p "$WORK_IN_REPO";;
esac
CIRCUITS="${WORK_IN_REPO:-$WORK}"

# Constraints per hash, from two small instances.
[[ -f "$CIRCUITS/probe4/main.r1cs" ]] || compile 4 "$CIRCUITS/probe4"
[[ -f "$CIRCUITS/probe8/main.r1cs" ]] || compile 8 "$CIRCUITS/probe8"
c4=$(constraints_of "$CIRCUITS/probe4/main.r1cs"); c8=$(constraints_of "$CIRCUITS/probe8/main.r1cs")
per_hash=$(( (c8 - c4) / 4 )); base=$(( c4 - 4 * per_hash ))

printf '\n%-6s %-11s %-8s | %-10s %-10s | %-9s %-9s | %-10s | %-9s %-11s | %-12s %-14s | %-16s %-16s %-18s %-15s\n' \
    "size" "constraints" "setup s" "native s" "native MiB" "host s" "host MiB" "resident s" "snarkjs s" "snarkjs MiB" \
    "rapidsnark s" "rapidsnark MiB" "native/rapidsnark" "MiB/rapidsnark" "resident/rapidsnark" "snarkjs/native"
for k in "${SIZES[@]}"; do
    target=$(( (1 << k) - 64 ))
    n=$(( (target - base) / per_hash ))
    dir="$CIRCUITS/chain$n"
    [[ -f "$dir/main.r1cs" ]] || compile "$n" "$dir"
    m=$(constraints_of "$dir/main.r1cs")
    echo '{"seed": "1234567890123456789"}' > "$dir/input.json"
    node "$dir/main_js/generate_witness.js" "$dir/main_js/main.wasm" "$dir/input.json" "$dir/witness.wtns"

    runs="${RUNS:-$(( k <= 16 ? 5 : 1 ))}"
    setup=$(measure "setup-k$k" 1 dotnet "$HOST_DLL" setup "$dir/main.r1cs" "$dir/main.zkey" --insecure-dev)
    dotnet "$HOST_DLL" export-vkey "$dir/main.zkey" "$dir/verification_key.json" 2>"$dir/export-vkey.log" || { cat "$dir/export-vkey.log" >&2; exit 1; }
    # The new key (600 MiB at 2^20) on disk before any prover is timed: otherwise the first one reads it while the
    # kernel is still writing it back (once 12.4 s against 4.4 s for the same native proof).
    sync

    provers=(ours snarkjs)
    native="- -"
    if [[ -n "$NATIVE" ]]; then
        native=$(measure "native-k$k" "$runs" "$NATIVE" prove "$dir/main.zkey" "$dir/witness.wtns" "$dir/proof-native.json" "$dir/public-native.json")
        provers+=(native)
    fi
    ours=$(measure "ours-k$k" "$runs" dotnet "$HOST_DLL" prove "$dir/main.zkey" "$dir/witness.wtns" "$dir/proof-ours.json" "$dir/public-ours.json")
    resident=$(dotnet "$BENCH_DLL" resident "$dir/main.zkey" "$dir/witness.wtns" 7 | sed -n 's/.*median=\([0-9]*\).*/\1/p')
    resident=$(awk -v ms="$resident" 'BEGIN { printf "%.2f", ms / 1000 }')
    theirs=$(measure "snarkjs-k$k" "$runs" node --max-old-space-size=16384 "$SNARKJS" groth16 prove "$dir/main.zkey" "$dir/witness.wtns" "$dir/proof-snarkjs.json" "$dir/public-snarkjs.json")
    if [[ -n "$RAPIDSNARK" ]]; then
        rapid=$(measure "rapidsnark-k$k" "$runs" "$RAPIDSNARK" "$dir/main.zkey" "$dir/witness.wtns" "$dir/proof-rapidsnark.json" "$dir/public-rapidsnark.json")
        provers+=(rapidsnark)
    fi

    for who in "${provers[@]}"; do
        node "$SNARKJS" groth16 verify "$dir/verification_key.json" "$dir/public-$who.json" "$dir/proof-$who.json" | grep -q OK || {
            echo "error: snarkjs rejects the $who proof at 2^$k" >&2; exit 1; }
    done
    read -r setup_s _ <<<"$setup"; read -r native_s native_mib <<<"$native"; read -r ours_s ours_mib <<<"$ours"
    read -r snark_s snark_mib <<<"$theirs"; read -r rapid_s rapid_mib <<<"${rapid:-- -}"
    native_ratio=$(ratio "$native_s" "$rapid_s"); native_mib_ratio=$(ratio "$native_mib" "$rapid_mib")
    resident_ratio=$(ratio "$resident" "$rapid_s"); snarkjs_ratio=$(ratio "$snark_s" "$native_s")
    printf '%-6s %-11s %-8s | %-10s %-10s | %-9s %-9s | %-10s | %-9s %-11s | %-12s %-14s | %-16s %-16s %-18s %-15s\n' \
        "2^$k" "$m" "$setup_s" "$native_s" "$native_mib" "$ours_s" "$ours_mib" "$resident" "$snark_s" "$snark_mib" \
        "$rapid_s" "$rapid_mib" "$native_ratio" "$native_mib_ratio" "$resident_ratio" "$snarkjs_ratio"
done
echo "(wall seconds and peak RSS of the whole process: the median of RUNS runs each (5 up to 2^16, 1 above unless RUNS is set)"
echo " and the largest peak; resident: the median proof with the key loaded;"
echo " every proof accepted by snarkjs groth16 verify)"
