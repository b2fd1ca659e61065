#!/usr/bin/env bash
# Regenerates the committed witness test vectors with circom2 / snarkjs from the
# repository's node_modules (install them first with `npm ci` at the repo root).
#
# Usage: tests/Circuits.Tests/vectors/generate.sh [circuit ...]
#        (default: poseidon eddsa sha256 comparators num2bits matrix recursion)
#
# For each folder <name>/ holding circuit.circom + input.json and each circom
# optimisation level O0, O1, O2 it writes <name>/O<k>/circuit.wasm and
# <name>/O<k>/witness.wtns (`snarkjs wtns calculate`). eddsa/input.json is made by
# eddsa/sign.js (circomlibjs, fixed private key); rerun it with `--sign`.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../../.." && pwd -P)"
NM="$ROOT/node_modules"
REL="tests/Circuits.Tests/vectors"

SNARKJS_CLI="$NM/snarkjs/build/cli.cjs"
CIRCOM2_CLI="$NM/circom2/cli.js"
for f in "$SNARKJS_CLI" "$CIRCOM2_CLI" "$NM/circomlib/circuits/poseidon.circom" "$NM/circomlibjs/package.json"; do
    if [[ ! -f "$f" ]]; then
        echo "error: $f not found; run 'npm ci' in $ROOT first" >&2
        exit 2
    fi
done

snarkjs() { node "$SNARKJS_CLI" "$@"; }
# circom2 runs sandboxed (WASI): includes must be reachable through -l and paths
# must not go through symlinks, hence the physical (pwd -P) paths above.
circom2() { node "$CIRCOM2_CLI" "$@"; }

SIGN=0
CIRCUITS=()
for arg in "$@"; do
    case "$arg" in
        --sign) SIGN=1 ;;
        *) CIRCUITS+=("$arg") ;;
    esac
done
if [[ ${#CIRCUITS[@]} -eq 0 ]]; then
    CIRCUITS=(poseidon eddsa sha256 comparators num2bits matrix recursion)
fi
LEVELS=(O0 O1 O2)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ch-witness-vectors.XXXXXX")"
TMP="$(cd "$TMP" && pwd -P)"
trap 'rm -rf "$TMP"' EXIT

log() { printf '== %s\n' "$*"; }

log "versions: $(snarkjs --version 2>/dev/null | head -n1 || true) / $(circom2 --version | tail -n1)"

if [[ $SIGN -eq 1 ]]; then
    log "eddsa: sign.js -> eddsa/input.json"
    node "$SCRIPT_DIR/eddsa/sign.js"
fi

for name in "${CIRCUITS[@]}"; do
    dir="$SCRIPT_DIR/$name"
    if [[ ! -f "$dir/circuit.circom" || ! -f "$dir/input.json" ]]; then
        echo "error: $dir must contain circuit.circom and input.json" >&2
        exit 2
    fi
    for level in "${LEVELS[@]}"; do
        build="$TMP/$name/$level"
        mkdir -p "$build"
        # Run from the repo root so the include path is the plain relative "node_modules".
        (cd "$ROOT" && circom2 "$REL/$name/circuit.circom" --wasm "--$level" -l node_modules -o "$build") >"$build/circom.log"
        snarkjs wtns calculate "$build/circuit_js/circuit.wasm" "$dir/input.json" "$build/witness.wtns" >/dev/null
        mkdir -p "$dir/$level"
        cp "$build/circuit_js/circuit.wasm" "$dir/$level/circuit.wasm"
        cp "$build/witness.wtns" "$dir/$level/witness.wtns"
        log "$name $level: wasm $(wc -c <"$dir/$level/circuit.wasm") B, wtns $(wc -c <"$dir/$level/witness.wtns") B"
    done
done

log "done"
