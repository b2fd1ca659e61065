#!/usr/bin/env bash
# Phase-2 contribution speed: our `zkey contribute` against `snarkjs zkey contribute`, same input key.
#
# Usage: tests/Benchmarks/contribute-vs-snarkjs.sh [log2-size ...]     (default: 12 16)
#
# For each size, builds a chain of circomlib Poseidon hashes with just under 2^k constraints
# (circuits/poseidon_chain.circom, compiled with circom2 --O1 as prove-vs-snarkjs.sh does), makes an insecure
# development key with our `setup` (its section 10 holds no contribution, so both tools can contribute to it without
# a powers-of-tau file), then contributes to it once with snarkjs and once with ours (wall time and peak resident
# memory by GNU time, each run as a fresh process: node's or .NET's start-up included), and checks that our output
# still proves: a proof from it verifies with `snarkjs groth16 verify`. Work files go to $BENCH_WORK (default
# /tmp/credentialhub-contribute-bench; circuits under .bench-work in the repository, where circom2 can read them).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(12 16)
WORK="${BENCH_WORK:-/tmp/credentialhub-contribute-bench}"
SNARKJS="$ROOT/node_modules/snarkjs/build/cli.cjs"
CIRCOM2="$ROOT/node_modules/circom2/cli.js"
HOST_DLL="$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll"

for tool in node dotnet /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required" >&2; exit 2; }
done
[[ -f "$SNARKJS" && -f "$CIRCOM2" ]] || { echo "error: run 'npm ci' in $ROOT first" >&2; exit 2; }
dotnet build -c Release "$ROOT/src/Host" -v quiet -nologo >/dev/null

measure() { # measure <label> <command...>: "<seconds> <peak MiB>"
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" >"$WORK/$label.log" 2>&1 || {
        echo "error: $label failed:" >&2; cat "$WORK/$label.log" >&2; exit 1; }
    awk '{printf "%.2f %.0f", $1, $2/1024}' "$WORK/$label.time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2fx", a / b }'; }
constraints_of() { node "$SNARKJS" r1cs info "$1" 2>/dev/null | sed -n 's/.*# of Constraints: \([0-9]*\).*/\1/p'; }
compile() { # compile <n-hashes> <dir>
    local n="$1" dir="$2"
    mkdir -p "$dir"
    local rel="${dir#"$ROOT"/}"
    printf 'pragma circom 2.0.0;\ninclude "poseidon_chain.circom";\ncomponent main = PoseidonChain(%s);\n' "$n" > "$dir/main.circom"
    (cd "$ROOT" && node "$CIRCOM2" "$rel/main.circom" --r1cs --wasm --O1 -l "$LIB" -l tests/Benchmarks/circuits -o "$rel" >"$dir/compile.log" 2>&1) || {
        echo "error: circom2 failed for $n hashes:" >&2; cat "$dir/compile.log" >&2; exit 1; }
}

mkdir -p "$WORK"
CIRCUITS="$ROOT/.bench-work"; mkdir -p "$CIRCUITS"
# circom2 runs sandboxed and cannot follow a node_modules that is a symbolic link (a git worktree's): a copy of circomlib.
LIB=node_modules
if [[ -L "$ROOT/node_modules" ]]; then
    LIB=.bench-work/lib
    [[ -d "$CIRCUITS/lib/circomlib" ]] || { mkdir -p "$CIRCUITS/lib"; cp -rL "$ROOT/node_modules/circomlib" "$CIRCUITS/lib/"; }
fi
[[ -f "$CIRCUITS/probe4/main.r1cs" ]] || compile 4 "$CIRCUITS/probe4"
[[ -f "$CIRCUITS/probe8/main.r1cs" ]] || compile 8 "$CIRCUITS/probe8"
c4=$(constraints_of "$CIRCUITS/probe4/main.r1cs"); c8=$(constraints_of "$CIRCUITS/probe8/main.r1cs")
per_hash=$(( (c8 - c4) / 4 )); base=$(( c4 - 4 * per_hash ))

printf '\n%-6s %-11s | %-9s %-11s | %-9s %-9s | %-14s\n' "size" "constraints" "snarkjs s" "snarkjs MiB" "ours s" "ours MiB" "snarkjs/ours"
for k in "${SIZES[@]}"; do
    target=$(( (1 << k) - 64 ))
    n=$(( (target - base) / per_hash ))
    dir="$CIRCUITS/chain$n"
    [[ -f "$dir/main.r1cs" ]] || compile "$n" "$dir"
    m=$(constraints_of "$dir/main.r1cs")
    [[ -f "$dir/main.zkey" ]] || dotnet "$HOST_DLL" setup "$dir/main.r1cs" "$dir/main.zkey" --insecure-dev 2>"$WORK/setup-k$k.log"

    snark=$(measure "snarkjs-k$k" node "$SNARKJS" zkey contribute "$dir/main.zkey" "$WORK/snarkjs-k$k.zkey" -n=bench -e=bench)
    ours=$(measure "ours-k$k" dotnet "$HOST_DLL" zkey contribute "$dir/main.zkey" "$WORK/ours-k$k.zkey" --name bench --entropy bench)

    # Our contributed key still proves: a proof from it verifies with snarkjs.
    echo '{"seed": "1234567890123456789"}' > "$dir/input.json"
    node "$dir/main_js/generate_witness.js" "$dir/main_js/main.wasm" "$dir/input.json" "$WORK/witness-k$k.wtns"
    dotnet "$HOST_DLL" prove "$WORK/ours-k$k.zkey" "$WORK/witness-k$k.wtns" "$WORK/proof-k$k.json" "$WORK/public-k$k.json" 2>/dev/null
    dotnet "$HOST_DLL" export-vkey "$WORK/ours-k$k.zkey" "$WORK/vkey-k$k.json" 2>/dev/null
    node "$SNARKJS" groth16 verify "$WORK/vkey-k$k.json" "$WORK/public-k$k.json" "$WORK/proof-k$k.json" | grep -q "OK!" || {
        echo "error: the proof from our contributed 2^$k key does not verify with snarkjs" >&2; exit 1; }

    read -r snark_s snark_mib <<<"$snark"; read -r ours_s ours_mib <<<"$ours"
    printf '%-6s %-11s | %-9s %-11s | %-9s %-9s | %-14s\n' "2^$k" "$m" "$snark_s" "$snark_mib" "$ours_s" "$ours_mib" "$(ratio "$snark_s" "$ours_s")"
done
