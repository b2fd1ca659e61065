#!/usr/bin/env bash
# Builds the artifacts of the solvency circuit (circuits/solvency/) from circuit.circom:
#   circuit.wasm, circuit.r1cs      circom2 (circom 2.2.3 compiled to WebAssembly), --r1cs --wasm, default
#                                   optimisation (--O1)
#   circuit_final.zkey              Groth16 proving key: phase 1 from circuits/ptau/local_phase1_14.ptau (checked
#                                   against circuits/ptau/SHA256SUMS; PTAU=<file> uses another), then the host
#                                   binary's setup, two zkey contribute (random entropy) and a zkey beacon (32
#                                   random bytes, or BEACON_HASH; exponent 10), accepted by both our zkey verify
#                                   and snarkjs zkey verify against the r1cs and the ptau
#   verification_key.json           exported from circuit_final.zkey by the host binary, equal to snarkjs's
#   circuit.json                    "security_level": "production", "ptau_file" and "ptau_blake2b512" set to the
#                                   ptau used (edited in place; nothing else changes)
#   SHA256SUMS                      sha256sum of the circuit's files (check: sha256sum -c SHA256SUMS)
# then self-checks them: zkey verify against the r1cs and the ptau, a proof of example-input.json that must
# verify, and inputs that must be refused (liabilities above assets, an amount of 2^64).
#
# SECURITY: phase 1 is circuits/ptau/local_phase1_14.ptau, a LOCAL ceremony run on one build machine (see
# circuits/ptau/SOURCE.md), and phase 2 (two contributions and a beacon) runs here, on one machine, with the entropy
# drawn from /dev/urandom and then discarded, but nothing proves that. Whoever ran the ceremonies could keep the
# toxic waste and forge proofs. The key is "production" in the sense the service checks (it comes from a ptau and
# the r1cs, through contributions that zkey verify accepts), so the bundled circuits can be tested at that level;
# it is not a trustworthy key. A real deployment builds with a public ceremony file:
#     PTAU=/path/to/powersOfTau28_hez_final_14.ptau circuits/solvency/build.sh
# (its BLAKE2b-512 is in the README's Hermez table; circuit.json then names that file and hash, and the service
# finds the file in this folder or in PTAU_DIR). Even then phase 2 ran on this machine alone: the key is only
# trustworthy once someone independent of whoever ran this script has contributed to it too (zkey contribute on
# circuit_final.zkey) and a beacon nobody could know in advance was applied (BEACON_HASH). See SOURCE.md.
#
# Usage: circuits/solvency/build.sh        (from anywhere; needs node and the repository's node_modules)
#        KEEP_WORK=1 circuits/solvency/build.sh   keeps the work directory (intermediate keys, proofs)
#        PTAU=<file.ptau> BEACON_HASH=<hex> …/build.sh   another phase-1 file (a public ceremony's), a chosen beacon
# Needs the host binary (dotnet build src/Host -c Release). Nothing is written to the repository but the files
# listed above; the intermediate keys stay in the work directory, deleted at the end unless KEEP_WORK=1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
OUT="circuits/solvency"            # relative to REPO_ROOT (circom2 runs sandboxed: relative paths, no symlinks)
# PTAU (a phase-1 file instead of circuits/ptau/local_phase1_14.ptau) is relative to the caller's directory.
if [[ -n "${PTAU:-}" ]]; then
    PTAU_ABS="$(realpath -e -- "$PTAU")" || { echo "build.sh: PTAU=$PTAU: no such file" >&2; exit 1; }
    PTAU="$PTAU_ABS"
fi
cd "$REPO_ROOT"
# shellcheck source=../ptau/phase2.sh
source circuits/ptau/phase2.sh
[[ -f "$OUT/circuit.circom" ]] || { echo "build.sh: $REPO_ROOT/$OUT/circuit.circom not found" >&2; exit 1; }

SNARKJS=(node node_modules/snarkjs/build/cli.cjs)
CIRCOM=(node node_modules/circom2/cli.js)
for f in node_modules/snarkjs/build/cli.cjs node_modules/circom2/cli.js node_modules/circomlib/circuits/poseidon.circom; do
    [[ -f "$f" ]] || { echo "build.sh: $f missing; run 'npm ci' in $REPO_ROOT" >&2; exit 1; }
done

START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/solvency-build.XXXXXX")"
WORK="$(cd "$WORK" && pwd -P)"
cleanup() {
    if [[ "${KEEP_WORK:-0}" == "1" ]]; then
        echo "build.sh: work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }
entropy() { head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
strip_colors() { sed 's/\x1b\[[0-9;]*m//g'; }

step "versions"
"${CIRCOM[@]}" --version
echo "snarkjs $(node -p 'require("./node_modules/snarkjs/package.json").version')"
echo "circomlib $(node -p 'require("./node_modules/circomlib/package.json").version')"

# 1. Compile.
step "compile $OUT/circuit.circom"
mkdir -p "$WORK/build"
"${CIRCOM[@]}" "$OUT/circuit.circom" --r1cs --wasm -l node_modules -o "$WORK/build"
cp "$WORK/build/circuit_js/circuit.wasm" "$WORK/circuit.wasm"
cp "$WORK/build/circuit.r1cs" "$WORK/circuit.r1cs"

# 4. Constraint count (printed here; the power of tau depends on it).
step "r1cs info"
"${SNARKJS[@]}" r1cs info "$WORK/circuit.r1cs" | strip_colors | tee "$WORK/r1cs-info.txt"
field() { sed -n "s/.*# of $1: \([0-9]*\).*/\1/p" "$WORK/r1cs-info.txt"; }
N_CONSTRAINTS="$(field Constraints)"
N_PUB="$(field 'Public Inputs')"
N_OUT="$(field Outputs)"
[[ -n "$N_CONSTRAINTS" && -n "$N_PUB" && -n "$N_OUT" ]] || fail "could not read r1cs info"
# groth16 setup needs 2^power >= constraints + public inputs + outputs + 1 (one row per public signal and one
# for the constant wire).
NEEDED=$((N_CONSTRAINTS + N_PUB + N_OUT + 1))
POWER=1
while (( (1 << POWER) < NEEDED )); do POWER=$((POWER + 1)); done
echo "constraints: $N_CONSTRAINTS, public signals: $((N_PUB + N_OUT)) -> domain of $NEEDED rows -> powers of tau 2^$POWER"

# 2. Ceremony: phase 1 from circuits/ptau/local_phase1_14.ptau (or PTAU), phase 2 with the host binary's commands:
# setup, two contributions, a beacon; checked by our zkey verify and snarkjs's; verification key exported by ours and
# compared with snarkjs's (circuits/ptau/phase2.sh).
phase2_ceremony solvency

# 5. Self-check on the staged artifacts (the exact files installed below).
step "self-check: prove and verify $OUT/example-input.json"
"${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$OUT/example-input.json" "$WORK/example.wtns"
"${SNARKJS[@]}" wtns check "$WORK/circuit.r1cs" "$WORK/example.wtns" || fail "witness does not satisfy the r1cs"
"${SNARKJS[@]}" groth16 prove "$WORK/circuit_final.zkey" "$WORK/example.wtns" "$WORK/proof.json" "$WORK/public.json"
"${SNARKJS[@]}" groth16 verify "$WORK/verification_key.json" "$WORK/public.json" "$WORK/proof.json" \
    || fail "the proof of example-input.json does not verify"
echo "public signals: $(tr -d ' \n' < "$WORK/public.json")"

# The public signals must be [commitment, institution_hash], the commitment the Poseidon nesting the comment in
# circuit.circom describes (recomputed with circomlibjs).
node - "$OUT/example-input.json" "$WORK/public.json" <<'JS' || fail "public signals are not [commitment, institution_hash]"
const fs = require("fs");
const { buildPoseidon } = require("circomlibjs");
(async () => {
    const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    const pub = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
    const poseidon = await buildPoseidon();
    const F = poseidon.F;
    const h = (xs) => poseidon(xs.map(BigInt));
    const commitment = F.toString(poseidon([h(input.assets), h(input.liabilities), BigInt(input.salt)]));
    const expected = [commitment, BigInt(input.institution_hash).toString()];
    if (JSON.stringify(pub) !== JSON.stringify(expected)) {
        console.error("expected", expected, "got", pub);
        process.exit(1);
    }
    console.log("commitment matches circomlibjs Poseidon; public signal order [commitment, institution_hash]");
    process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
JS

step "self-check: a proof does not verify for another institution_hash"
node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
p[1] = (BigInt(p[1]) + 1n).toString();
fs.writeFileSync(process.argv[2], JSON.stringify(p));
' "$WORK/public.json" "$WORK/public-other.json"
if "${SNARKJS[@]}" groth16 verify "$WORK/verification_key.json" "$WORK/public-other.json" "$WORK/proof.json" \
    > "$WORK/verify-other.log" 2>&1; then
    cat "$WORK/verify-other.log"
    fail "the proof verified with a different institution_hash"
fi
echo "refused, as it must be"

# Writes a variant of the example input: mode "insolvent" swaps assets and liabilities (sum of liabilities
# exceeds sum of assets by 655), "equal" sets liabilities = assets, "overflow" sets assets[0] and liabilities[0]
# to 2^64 (sums still solvent, so only the range check can refuse it).
variant() {
    node -e '
const fs = require("fs");
const [src, mode, dst] = process.argv.slice(1);
const x = JSON.parse(fs.readFileSync(src, "utf8"));
if (mode === "insolvent") [x.assets, x.liabilities] = [x.liabilities, x.assets];
else if (mode === "equal") x.liabilities = x.assets.slice();
else if (mode === "overflow") { x.assets[0] = (1n << 64n).toString(); x.liabilities[0] = x.assets[0]; }
else throw new Error(mode);
const sum = (v) => v.reduce((a, b) => a + BigInt(b), 0n);
console.log(mode + ": sum(assets) - sum(liabilities) = " + (sum(x.assets) - sum(x.liabilities)));
fs.writeFileSync(dst, JSON.stringify(x));
' "$OUT/example-input.json" "$1" "$WORK/input-$1.json"
}
# Witness generation for the variant must fail with a failed assert (a constraint the input breaks).
must_refuse() {
    variant "$1"
    if "${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/input-$1.json" "$WORK/$1.wtns" \
        > "$WORK/wtns-$1.log" 2>&1; then
        cat "$WORK/wtns-$1.log"
        fail "witness generation accepted the $1 input"
    fi
    grep -q "Assert Failed" "$WORK/wtns-$1.log" || { cat "$WORK/wtns-$1.log"; fail "the $1 input failed for another reason than an assert"; }
    echo "refused: $(grep -m1 -o 'Error in template [^ ]*' "$WORK/wtns-$1.log" || echo 'Assert Failed')"
}

step "self-check: sum(assets) < sum(liabilities) must fail witness generation"
must_refuse insolvent

step "self-check: an amount of 2^64 must fail witness generation (sums still solvent)"
must_refuse overflow

step "self-check: equal sums are solvent"
variant equal
"${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/input-equal.json" "$WORK/equal.wtns" \
    || fail "witness generation refused equal sums"
echo "accepted"

# Install the checked artifacts and write SHA256SUMS.
step "install into $OUT"
for f in circuit.wasm circuit.r1cs circuit_final.zkey verification_key.json; do
    cp "$WORK/$f" "$OUT/$f"
done
set_circuit_ptau "$OUT/circuit.json"
(
    cd "$OUT"
    sha256sum circuit.circom circuit.wasm circuit.r1cs circuit_final.zkey verification_key.json circuit.json example-input.json > SHA256SUMS
    sha256sum -c SHA256SUMS
)
[[ ! -e "$OUT/pot_final.ptau" ]] || fail "a ptau file is in $OUT"

step "done"
echo "constraints: $N_CONSTRAINTS (domain 2^$POWER)"
echo "ptau: $PTAU_NAME, BLAKE2b-512 $PTAU_B2"
echo "beacon hash: $BEACON (2^$BEACON_EXP iterations)"
ls -l "$OUT"
echo "build.sh: OK in $((SECONDS - START)) s"
