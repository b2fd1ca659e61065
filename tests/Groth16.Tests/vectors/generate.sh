#!/usr/bin/env bash
# Regenerates the committed Groth16 test vectors with snarkjs / circom2 from the
# repository's node_modules (install them first with `npm ci` at the repo root).
#
# Usage: tests/Groth16.Tests/vectors/generate.sh [circuit ...]
#        (default: every circuit folder: multi poseidon nopublic)
#
# For each folder <name>/ holding circuit.circom + input.json (+ optional input2.json)
# it writes circuit.r1cs, circuit.wasm, circuit.zkey, witness.wtns,
# verification_key.json, proof.json, public.json (and proof2.json, public2.json,
# witness2.wtns for input2.json). Every proof is checked with `snarkjs groth16 verify`.
#
# The powers-of-tau file is built in a temporary directory and never committed.
# Entropy strings are fixed, but snarkjs also mixes OS randomness into every
# contribution and every proof, so re-running produces different (equally valid)
# keys and proofs.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd -- "$SCRIPT_DIR/../../.." && pwd -P)"
NM="$ROOT/node_modules"
PTAU_POWER="${PTAU_POWER:-11}"

SNARKJS_CLI="$NM/snarkjs/build/cli.cjs"
CIRCOM2_CLI="$NM/circom2/cli.js"
for f in "$SNARKJS_CLI" "$CIRCOM2_CLI" "$NM/circomlib/circuits/poseidon.circom"; do
    if [[ ! -f "$f" ]]; then
        echo "error: $f not found; run 'npm ci' in $ROOT first" >&2
        exit 2
    fi
done

snarkjs() { node "$SNARKJS_CLI" "$@"; }
# circom2 runs sandboxed (WASI): includes must be reachable through -l and paths
# must not go through symlinks, hence the physical (pwd -P) paths above.
circom2() { node "$CIRCOM2_CLI" "$@"; }

if [[ $# -gt 0 ]]; then
    CIRCUITS=("$@")
else
    CIRCUITS=(multi poseidon nopublic)
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ch-vectors.XXXXXX")"
TMP="$(cd "$TMP" && pwd -P)"
trap 'rm -rf "$TMP"' EXIT

log() { printf '== %s\n' "$*"; }

# Recomputes each circuit's public signals from its input file with plain BigInt
# arithmetic (and circomlibjs for Poseidon) and compares them with snarkjs' public.json.
CHECK_PUBLICS_JS='
const [name, inputFile, publicFile] = process.argv.slice(2);
const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const m = (v) => ((v % r) + r) % r;
const inp = JSON.parse(require("fs").readFileSync(inputFile, "utf8"));
const pub = JSON.parse(require("fs").readFileSync(publicFile, "utf8"));
const B = (v) => BigInt(v);
(async () => {
  let expected;
  if (name === "multi") {
    const x = B(inp.x), y = B(inp.y), a = inp.a.map(B), k = B(inp.k);
    let acc = x, sum = 0n;
    for (const ai of a) { acc = m(acc * ai + y); sum = m(sum + ai * ai); }
    expected = [m(sum + x * y), m(acc * k), x, y, B(inp.z)];
  } else if (name === "poseidon") {
    const p = await require("circomlibjs").buildPoseidon();
    const H = (u, v) => p.F.toObject(p([u, v]));
    if (H(B(inp.secret), B(inp.salt)) !== B(inp.commitment)) throw new Error("commitment mismatch");
    expected = [H(B(inp.secret), B(inp.scope)), B(inp.commitment), B(inp.bound), B(inp.scope)];
  } else if (name === "nopublic") {
    expected = [];
  } else {
    return;
  }
  const got = pub.map(B);
  if (got.length !== expected.length || got.some((v, i) => v !== m(expected[i]))) {
    console.error("public signals of " + name + " differ from the reference computation");
    console.error("expected " + JSON.stringify(expected.map((v) => m(v).toString())));
    console.error("got      " + JSON.stringify(pub));
    process.exit(1);
  }
})().catch((e) => { console.error(e); process.exit(1); });
'

log "versions: $(node "$SNARKJS_CLI" --version 2>/dev/null | head -n1 || true) / $(circom2 --version | tail -n1)"

log "powers of tau (bn128, 2^$PTAU_POWER) in $TMP"
snarkjs powersoftau new bn128 "$PTAU_POWER" "$TMP/pot_0000.ptau" >/dev/null
snarkjs powersoftau contribute "$TMP/pot_0000.ptau" "$TMP/pot_0001.ptau" \
    --name="credentialhub test vectors" -e="credentialhub test vectors ptau entropy" >/dev/null
snarkjs powersoftau prepare phase2 "$TMP/pot_0001.ptau" "$TMP/pot_final.ptau" >/dev/null

for name in "${CIRCUITS[@]}"; do
    dir="$SCRIPT_DIR/$name"
    if [[ ! -f "$dir/circuit.circom" || ! -f "$dir/input.json" ]]; then
        echo "error: $dir must contain circuit.circom and input.json" >&2
        exit 2
    fi
    build="$TMP/$name"
    mkdir -p "$build"

    # multi keeps circom's linear constraints (rows with empty A and B) on purpose;
    # the others use full simplification.
    case "$name" in
        multi) opt=--O1 ;;
        *) opt=--O2 ;;
    esac
    log "$name: compile ($opt)"
    # Run from the repo root so the include path is the plain relative "node_modules".
    (cd "$ROOT" && circom2 "tests/Groth16.Tests/vectors/$name/circuit.circom" \
        --r1cs --wasm "$opt" -l node_modules -o "$build") >"$build/circom.log"
    grep -E 'non-linear constraints|linear constraints|public inputs|private inputs|public outputs|wires' "$build/circom.log" | sed 's/^/   /' || true
    cp "$build/circuit_js/circuit.wasm" "$build/circuit.wasm"

    log "$name: groth16 setup + contribution"
    snarkjs groth16 setup "$build/circuit.r1cs" "$TMP/pot_final.ptau" "$build/circuit_0000.zkey" >/dev/null
    snarkjs zkey contribute "$build/circuit_0000.zkey" "$build/circuit.zkey" \
        --name="credentialhub $name" -e="credentialhub $name zkey entropy" >/dev/null
    snarkjs zkey verify "$build/circuit.r1cs" "$TMP/pot_final.ptau" "$build/circuit.zkey" >/dev/null
    snarkjs zkey export verificationkey "$build/circuit.zkey" "$build/verification_key.json" >/dev/null

    outputs=(circuit.r1cs circuit.wasm circuit.zkey verification_key.json)
    for suffix in "" 2; do
        input="$dir/input$suffix.json"
        [[ -f "$input" ]] || continue
        log "$name: witness + proof (input$suffix.json)"
        snarkjs wtns calculate "$build/circuit.wasm" "$input" "$build/witness$suffix.wtns" >/dev/null
        snarkjs wtns check "$build/circuit.r1cs" "$build/witness$suffix.wtns" >/dev/null
        snarkjs groth16 prove "$build/circuit.zkey" "$build/witness$suffix.wtns" \
            "$build/proof$suffix.json" "$build/public$suffix.json" >/dev/null
        if ! snarkjs groth16 verify "$build/verification_key.json" \
            "$build/public$suffix.json" "$build/proof$suffix.json" >"$build/verify$suffix.log" 2>&1; then
            cat "$build/verify$suffix.log" >&2
            echo "error: snarkjs rejected $name/proof$suffix.json" >&2
            exit 1
        fi
        (cd "$ROOT" && node - "$name" "$input" "$build/public$suffix.json") <<<"$CHECK_PUBLICS_JS"
        outputs+=("witness$suffix.wtns" "proof$suffix.json" "public$suffix.json")
    done

    for f in "${outputs[@]}"; do
        cp "$build/$f" "$dir/$f"
    done
    log "$name: nPublic=$(node -e 'console.log(require(process.argv[1]).nPublic)' "$dir/verification_key.json"), public.json=$(tr -d ' \n' <"$dir/public.json" | cut -c1-120)"
done

log "done"
