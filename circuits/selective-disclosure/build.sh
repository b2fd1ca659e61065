#!/usr/bin/env bash
# Builds the artifacts of the selective-disclosure circuit (circuits/selective-disclosure/) from circuit.circom:
#   circuit.wasm, circuit.r1cs      circom2 (circom 2.2.3 compiled to WebAssembly), --r1cs --wasm, default
#                                   optimisation (--O1); circuit.sym stays in the work directory
#   circuit_final.zkey              Groth16 proving key: phase 1 from circuits/ptau/local_phase1_14.ptau (checked
#                                   against circuits/ptau/SHA256SUMS; PTAU=<file> uses another), then the host
#                                   binary's setup, two zkey contribute (random entropy) and a zkey beacon (32
#                                   random bytes, or BEACON_HASH; exponent 10), accepted by both our zkey verify
#                                   and snarkjs zkey verify against the r1cs and the ptau
#   verification_key.json           exported from circuit_final.zkey by the host binary, equal to snarkjs's
#   circuit.json                    "security_level": "production", "ptau_file" and "ptau_blake2b512" set to the
#                                   ptau used (edited in place; nothing else changes)
#   example-input.json              from make-example.js (deterministic; signed with a public TEST key)
#   SHA256SUMS                      sha256sum of the circuit's files (check: sha256sum -c SHA256SUMS)
# then self-checks them before installing anything: zkey verify against the r1cs and the ptau; the public signal
# order in circuit.sym; a proof of the example that must verify, with the public signals recomputed from the
# input; the same proof refused with any of several public signals changed; inputs that witness generation must
# refuse (bad signature, expired, false predicate, bad index / kind / mask, values >= 2^64 or "negative" under an
# active predicate); inputs it must accept (boundaries, an inactive predicate over a string hash); and a witness
# whose revealed value was edited, which the r1cs must refuse. SHA256SUMS is written only after all of them pass.
#
# SECURITY: phase 1 is circuits/ptau/local_phase1_14.ptau, a LOCAL ceremony run on one build machine (see
# circuits/ptau/SOURCE.md), and phase 2 (two contributions and a beacon) runs here, on one machine, with the entropy
# drawn from /dev/urandom and then discarded, but nothing proves that. Whoever ran the ceremonies could keep the
# toxic waste and forge proofs. The key is "production" in the sense the service checks (it comes from a ptau and
# the r1cs, through contributions that zkey verify accepts), so the bundled circuits can be tested at that level;
# it is not a trustworthy key. A real deployment builds with a public ceremony file:
#     PTAU=/path/to/powersOfTau28_hez_final_14.ptau circuits/selective-disclosure/build.sh
# (its BLAKE2b-512 is in the README's Hermez table; circuit.json then names that file and hash, and the service
# finds the file in this folder or in PTAU_DIR). Even then phase 2 ran on this machine alone: the key is only
# trustworthy once someone independent of whoever ran this script has contributed to it too (zkey contribute on
# circuit_final.zkey) and a beacon nobody could know in advance was applied (BEACON_HASH). See SOURCE.md.
#
# Usage: circuits/selective-disclosure/build.sh        (from anywhere; needs node and the repository's
#        node_modules)
#        KEEP_WORK=1 circuits/selective-disclosure/build.sh   keeps the work directory (intermediate keys,
#        proofs, the inputs and logs of every self-check)
#        PTAU=<file.ptau> BEACON_HASH=<hex> …/build.sh   another phase-1 file (a public ceremony's), a chosen beacon
# Needs the host binary (dotnet build src/Host -c Release). Nothing is written to the repository but the files
# listed above; the intermediate keys stay in the work directory, deleted at the end unless KEEP_WORK=1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
OUT="circuits/selective-disclosure"   # relative to REPO_ROOT (circom2 runs sandboxed: relative paths, no symlinks)
# PTAU (a phase-1 file instead of circuits/ptau/local_phase1_14.ptau) is relative to the caller's directory.
if [[ -n "${PTAU:-}" ]]; then
    PTAU_ABS="$(realpath -e -- "$PTAU")" || { echo "build.sh: PTAU=$PTAU: no such file" >&2; exit 1; }
    PTAU="$PTAU_ABS"
fi
cd "$REPO_ROOT"
# shellcheck source=../ptau/phase2.sh
source circuits/ptau/phase2.sh
[[ -f "$OUT/circuit.circom" ]] || { echo "build.sh: $REPO_ROOT/$OUT/circuit.circom not found" >&2; exit 1; }
[[ -f "$OUT/circuit.json" ]] || { echo "build.sh: $REPO_ROOT/$OUT/circuit.json not found" >&2; exit 1; }

SNARKJS=(node node_modules/snarkjs/build/cli.cjs)
CIRCOM=(node node_modules/circom2/cli.js)
for f in node_modules/snarkjs/build/cli.cjs node_modules/circom2/cli.js node_modules/circomlib/circuits/eddsaposeidon.circom \
         node_modules/circomlibjs/package.json; do
    [[ -f "$f" ]] || { echo "build.sh: $f missing; run 'npm ci' in $REPO_ROOT" >&2; exit 1; }
done

START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/selective-disclosure-build.XXXXXX")"
WORK="$(cd "$WORK" && pwd -P)"
cleanup() {
    if [[ "${KEEP_WORK:-0}" == "1" ]]; then
        echo "build.sh: work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

step() { printf '\n==> %s  [%d s]\n' "$*" "$((SECONDS - START))"; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }
entropy() { head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
strip_colors() { sed 's/\x1b\[[0-9;]*m//g'; }

step "versions"
"${CIRCOM[@]}" --version
echo "snarkjs $(node -p 'require("./node_modules/snarkjs/package.json").version')"
echo "circomlib $(node -p 'require("./node_modules/circomlib/package.json").version')"
echo "circomlibjs $(node -p 'require("./node_modules/circomlibjs/package.json").version')"
echo "node $(node --version)"

# 1. Compile.
step "compile $OUT/circuit.circom"
mkdir -p "$WORK/build"
"${CIRCOM[@]}" "$OUT/circuit.circom" --r1cs --wasm --sym -l node_modules -o "$WORK/build"
cp "$WORK/build/circuit_js/circuit.wasm" "$WORK/circuit.wasm"
cp "$WORK/build/circuit.r1cs" "$WORK/circuit.r1cs"

# 2. Constraint count (printed here; the power of tau depends on it).
step "r1cs info"
"${SNARKJS[@]}" r1cs info "$WORK/circuit.r1cs" | strip_colors | tee "$WORK/r1cs-info.txt"
field() { sed -n "s/.*# of $1: \([0-9]*\).*/\1/p" "$WORK/r1cs-info.txt"; }
N_CONSTRAINTS="$(field Constraints)"
N_PUB="$(field 'Public Inputs')"
N_OUT="$(field Outputs)"
[[ -n "$N_CONSTRAINTS" && -n "$N_PUB" && -n "$N_OUT" ]] || fail "could not read r1cs info"
[[ "$N_PUB" == 26 && "$N_OUT" == 16 ]] || fail "expected 26 public inputs and 16 outputs, got $N_PUB and $N_OUT"
# groth16 setup needs 2^power >= constraints + public inputs + outputs + 1 (one row per public signal and one
# for the constant wire).
NEEDED=$((N_CONSTRAINTS + N_PUB + N_OUT + 1))
POWER=1
while (( (1 << POWER) < NEEDED )); do POWER=$((POWER + 1)); done
echo "constraints: $N_CONSTRAINTS, public signals: $((N_PUB + N_OUT)) -> domain of $NEEDED rows -> powers of tau 2^$POWER"

# 3. Public signal order from the symbol file: wires 1..42 must be exactly the documented list.
step "public signal order (circuit.sym, wires 1..$((N_PUB + N_OUT)))"
node - "$WORK/build/circuit.sym" "$((N_PUB + N_OUT))" <<'JS' || fail "the public signal order in circuit.sym is not the documented one"
const fs = require("fs");
const [symFile, count] = [process.argv[2], Number(process.argv[3])];
const byWire = new Map();
for (const line of fs.readFileSync(symFile, "utf8").split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name && !byWire.has(Number(wire))) byWire.set(Number(wire), name);
}
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
const expected = [
    ...range(16, (i) => `revealed[${i}]`), "issuer_Ax", "issuer_Ay", ...range(16, (i) => `reveal_mask[${i}]`),
    ...range(2, (i) => `predicate_index[${i}]`), ...range(2, (i) => `predicate_kind[${i}]`),
    ...range(2, (i) => `predicate_threshold[${i}]`), "nonce", "now",
].map((s) => "main." + s);
const actual = range(count, (i) => byWire.get(i + 1));
if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    console.error("expected", expected, "got", actual);
    process.exit(1);
}
console.log(actual.map((s, i) => `${i}:${s.slice(5)}`).join(" "));
JS

# 4. Ceremony: phase 1 from circuits/ptau/local_phase1_14.ptau (or PTAU), phase 2 with the host binary's commands:
# setup, two contributions, a beacon; checked by our zkey verify and snarkjs's; verification key exported by ours and
# compared with snarkjs's (circuits/ptau/phase2.sh).
phase2_ceremony selective-disclosure

# 5. Self-check on the staged artifacts (the exact files installed below).
step "example input (make-example.js)"
node "$OUT/make-example.js" "$WORK/example-input.json"

step "self-check: prove and verify the example"
"${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/example-input.json" "$WORK/example.wtns"
"${SNARKJS[@]}" wtns check "$WORK/circuit.r1cs" "$WORK/example.wtns" || fail "witness does not satisfy the r1cs"
"${SNARKJS[@]}" groth16 prove "$WORK/circuit_final.zkey" "$WORK/example.wtns" "$WORK/proof.json" "$WORK/public.json"
"${SNARKJS[@]}" groth16 verify "$WORK/verification_key.json" "$WORK/public.json" "$WORK/proof.json" \
    || fail "the proof of the example does not verify"
echo "public signals: $(tr -d ' \n' < "$WORK/public.json")"

# The public signals must be the documented list, recomputed from the input: revealed[i] = mask[i] * attribute[i]
# (slots 0 and 2 here), then the public inputs in declaration order.
node - "$WORK/example-input.json" "$WORK/public.json" <<'JS' || fail "public signals are not the documented list"
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const pub = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const revealed = input.attributes.map((a, i) => (BigInt(input.reveal_mask[i]) * BigInt(a)).toString());
const expected = [
    ...revealed, input.issuer_Ax, input.issuer_Ay, ...input.reveal_mask, ...input.predicate_index,
    ...input.predicate_kind, ...input.predicate_threshold, input.nonce, input.now,
].map((v) => BigInt(v).toString());
if (JSON.stringify(pub) !== JSON.stringify(expected)) {
    console.error("expected", expected, "got", pub);
    process.exit(1);
}
if (pub[0] !== input.attributes[0] || pub[2] !== input.attributes[2] || pub[1] !== "0") {
    console.error("revealed slots are not 0 and 2");
    process.exit(1);
}
console.log(`42 public signals as documented; revealed slots 0 and 2 equal the signed attributes, the others are 0`);
JS

# The same proof with one public signal changed must be refused: index, what, new value.
step "self-check: the proof is refused with a changed public signal"
refuse_public() {
    local index="$1" what="$2" value="$3" tag="public-$1"
    node -e '
const fs = require("fs");
const [src, index, value, dst] = process.argv.slice(1);
const p = JSON.parse(fs.readFileSync(src, "utf8"));
p[Number(index)] = value === "+1" ? (BigInt(p[Number(index)]) + 1n).toString() : value;
fs.writeFileSync(dst, JSON.stringify(p));
' "$WORK/public.json" "$index" "$value" "$WORK/$tag.json"
    if "${SNARKJS[@]}" groth16 verify "$WORK/verification_key.json" "$WORK/$tag.json" "$WORK/proof.json" \
        > "$WORK/verify-$tag.log" 2>&1; then
        cat "$WORK/verify-$tag.log"
        fail "the proof verified with $what changed"
    fi
    echo "refused: $what"
}
refuse_public 40 "another nonce (+1)" "+1"
refuse_public 0 "another revealed[0] (name, +1)" "+1"
refuse_public 1 "revealed[1] = the hidden birth date 7441" "7441"
refuse_public 41 "another now (+1)" "+1"
refuse_public 39 "predicate_threshold[1] = 600" "600"
refuse_public 19 "reveal_mask[1] = 1" "1"
refuse_public 16 "another issuer_Ax (+1)" "+1"

# Variants of the example input, written by node with make-example.js's helpers. A variant marked "re-signed" is
# signed again with the test key, so that only the property under test is wrong.
variant() {
    node - "$WORK/example-input.json" "$1" "$WORK/input-$1.json" "$REPO_ROOT/$OUT/make-example.js" <<'JS'
const fs = require("fs");
const [src, mode, dst, helpers] = process.argv.slice(2);
const { R, signCredential } = require(helpers);
const x = JSON.parse(fs.readFileSync(src, "utf8"));
const two64 = 1n << 64n;
const resign = async () => Object.assign(x, await signCredential(x.attributes, x.expires_at));
const modes = {
    // must be refused
    "bad-signature": async () => { x.attributes[4] = "651"; },                       // changed, not re-signed
    "expired": async () => { x.now = (BigInt(x.expires_at) + 1n).toString(); },
    "predicate-false": async () => { x.predicate_threshold[1] = "600"; },             // score 650 <= 600
    "index-16": async () => { x.predicate_index[1] = "16"; },
    "index-minus-1": async () => { x.predicate_index[1] = (R - 1n).toString(); },
    "kind-3": async () => { x.predicate_kind[1] = "3"; },
    "mask-2": async () => { x.reveal_mask[0] = "2"; },
    "value-2^64": async () => {                                                    // re-signed; score >= 700
        x.attributes[4] = (two64 + 100n).toString();                               // wraps past 700 without
        x.predicate_kind[1] = "1";                                                 // the range check
        await resign();
    },
    "value-negative": async () => { x.attributes[4] = (R - 1n).toString(); await resign(); }, // "-1" <= 700
    "threshold-negative": async () => {                                             // score >= "-1"
        x.predicate_kind[1] = "1"; x.predicate_threshold[1] = (R - 1n).toString();
    },
    "predicate-on-hash": async () => {                                             // name hash >= 0, active
        x.predicate_index[1] = "0"; x.predicate_kind[1] = "1"; x.predicate_threshold[1] = "0";
    },
    "expires-2^64": async () => { x.expires_at = (two64 + 5n).toString(); await resign(); },
    "wrong-issuer": async () => {                                                  // a valid signature by
        const other = Buffer.alloc(32, 7);                                          // another key, presented
        const s = await signCredential(x.attributes, x.expires_at, other);          // under the test key
        Object.assign(x, { R8x: s.R8x, R8y: s.R8y, S: s.S });
    },
    // must be accepted
    "boundaries": async () => {                                                    // now = expires_at,
        x.now = x.expires_at;                                                      // birth date = cutoff,
        x.predicate_threshold[0] = x.attributes[1];                                // score <= 650
        x.predicate_threshold[1] = x.attributes[4];
    },
    "kind-ge": async () => { x.predicate_kind[1] = "1"; x.predicate_threshold[1] = "650"; }, // score >= 650
    "inactive-on-hash": async () => {                                              // kind 0 over the name hash,
        x.predicate_index[1] = "0"; x.predicate_kind[1] = "0";                     // threshold r - 1
        x.predicate_threshold[1] = (R - 1n).toString();
    },
    "reveal-none": async () => { x.reveal_mask = x.reveal_mask.map(() => "0"); },
};
(async () => {
    if (!modes[mode]) throw new Error("unknown variant " + mode);
    await modes[mode]();
    fs.writeFileSync(dst, JSON.stringify(x, null, 1));
    process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
JS
}

# Witness generation for the variant must fail with a failed assert in the expected template instance and, for
# SelectiveDisclosure's own constraints, on the line of circuit.circom that holds the given text (so that the
# check under test, not something else, refuses it). Sets REFUSED_IN to the template instance (e.g. Num2Bits_252).
must_refuse() {
    local mode="$1" template="$2" marker="${3:-}" line=""
    if [[ -n "$marker" ]]; then
        line="$(grep -nF -- "$marker" "$OUT/circuit.circom" | cut -d: -f1)"
        [[ "$line" =~ ^[0-9]+$ ]] || fail "'$marker' is not on exactly one line of circuit.circom"
    fi
    variant "$mode"
    if "${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/input-$mode.json" "$WORK/$mode.wtns" \
        > "$WORK/wtns-$mode.log" 2>&1; then
        cat "$WORK/wtns-$mode.log"
        fail "witness generation accepted the $mode input"
    fi
    local where
    where="$(strip_colors < "$WORK/wtns-$mode.log" | grep -m1 -o 'Error in template [^ ]* line: [0-9]*' || true)"
    grep -q "Assert Failed" "$WORK/wtns-$mode.log" || { cat "$WORK/wtns-$mode.log"; fail "the $mode input failed for another reason than an assert"; }
    [[ "$where" =~ ^"Error in template $template"(_[0-9]+)?" line: "([0-9]+)$ ]] \
        || { cat "$WORK/wtns-$mode.log"; fail "the $mode input failed in '$where', expected $template"; }
    [[ -z "$line" || "${BASH_REMATCH[2]}" == "$line" ]] \
        || { cat "$WORK/wtns-$mode.log"; fail "the $mode input failed on line ${BASH_REMATCH[2]}, expected $line ($marker)"; }
    REFUSED_IN="${where#Error in template }"; REFUSED_IN="${REFUSED_IN%% *}"
    printf 'refused %-20s %s%s\n' "$mode:" "$where" "${marker:+  ($marker)}"
}
must_accept() {
    local mode="$1"
    variant "$mode"
    "${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/input-$mode.json" "$WORK/$mode.wtns" \
        > "$WORK/wtns-$mode.log" 2>&1 || { cat "$WORK/wtns-$mode.log"; fail "witness generation refused the $mode input"; }
    "${SNARKJS[@]}" wtns check "$WORK/circuit.r1cs" "$WORK/$mode.wtns" > "$WORK/check-$mode.log" 2>&1 \
        || { cat "$WORK/check-$mode.log"; fail "the $mode witness does not satisfy the r1cs"; }
    printf 'accepted %s\n' "$mode"
}

# circom reports "Error in template X_n line: L": the signature check (ForceEqualIfEnabled inside
# EdDSAPoseidonVerifier), a range check (Num2Bits), or one of SelectiveDisclosure's own constraints (checked by
# line). expires-2^64, value-2^64, value-negative and threshold-negative are chosen so that the 64-bit comparison
# alone would ACCEPT them (the values wrap: for expires_at = 2^64 + 5, LessThan's internal Num2Bits(65) sees
# now - 6; for the score 2^64 + 100 >= 700 it sees 599; for "-1" <= 700 it sees 2^64 - 702; for 650 >= "-1",
# 2^64 - 652; bit 64 is 0 each time), and the signature is valid (re-signed, or unchanged), so only a
# Num2Bits(64) range check can refuse them. expires-2^64 gives the name of that template instance, and the three
# others must fail in the same one. predicate-on-hash (an active predicate over the ~2^254 name hash) must too.
step "self-check: inputs that witness generation must refuse"
must_refuse bad-signature      ForceEqualIfEnabled
must_refuse wrong-issuer       ForceEqualIfEnabled
must_refuse expired            SelectiveDisclosure "notExpired.out === 1;"
must_refuse expires-2^64       Num2Bits
NUM2BITS64="$REFUSED_IN"
must_refuse predicate-false    SelectiveDisclosure "isLe[k].out * (1 - le[k].out) === 0;"
must_refuse index-16           SelectiveDisclosure "selectorSum === 1;"
must_refuse index-minus-1      SelectiveDisclosure "selectorSum === 1;"
must_refuse kind-3             SelectiveDisclosure "kindProduct[k] * (predicate_kind[k] - 2) === 0;"
must_refuse mask-2             SelectiveDisclosure "reveal_mask[i] * (reveal_mask[i] - 1) === 0;"
must_refuse value-2^64         "$NUM2BITS64"
must_refuse value-negative     "$NUM2BITS64"
must_refuse threshold-negative "$NUM2BITS64"
must_refuse predicate-on-hash  "$NUM2BITS64"

step "self-check: inputs that witness generation must accept"
must_accept boundaries
must_accept kind-ge
must_accept inactive-on-hash
must_accept reveal-none

# revealed is an output: the witness calculator computes it and refuses it as an input. A prover who edits the
# witness file instead (revealed[1] := the hidden birth date, revealed[0] := another name) must be refused by
# the r1cs: revealed[i] = reveal_mask[i] * attributes[i] is a constraint. Wire i + 1 holds revealed[i].
step "self-check: revealed cannot be supplied or edited"
node -e '
const fs = require("fs");
const x = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
x.revealed = x.attributes.map(() => "0");
fs.writeFileSync(process.argv[2], JSON.stringify(x));
' "$WORK/example-input.json" "$WORK/input-revealed.json"
if "${SNARKJS[@]}" wtns calculate "$WORK/circuit.wasm" "$WORK/input-revealed.json" "$WORK/revealed.wtns" \
    > "$WORK/wtns-revealed.log" 2>&1; then
    fail "the witness calculator accepted revealed as an input"
fi
echo "refused revealed as an input: $(strip_colors < "$WORK/wtns-revealed.log" | grep -m1 -o 'Error: .*' || echo error)"
tamper_witness() {
    node - "$WORK/example.wtns" "$1" "$2" "$WORK/tampered-$1.wtns" <<'JS'
// .wtns: "wtns", u32 version, u32 section count, then sections (u32 type, u64 size, data). Section 1: u32 n8,
// the prime (n8 bytes), u32 witness count; section 2: the witness, n8 bytes per wire, little-endian.
const fs = require("fs");
const [src, wire, value, dst] = process.argv.slice(2);
const b = Buffer.from(fs.readFileSync(src));
if (b.toString("latin1", 0, 4) !== "wtns") throw new Error("not a wtns file");
let pos = 12, n8 = 0, data = -1;
for (let s = 0; s < b.readUInt32LE(8); s++) {
    const type = b.readUInt32LE(pos), size = Number(b.readBigUInt64LE(pos + 4));
    if (type === 1) n8 = b.readUInt32LE(pos + 12);
    if (type === 2) data = pos + 12;
    pos += 12 + size;
}
if (!n8 || data < 0) throw new Error("no header or witness section");
const le = (v) => { const out = Buffer.alloc(n8); for (let i = 0; i < n8; i++) { out[i] = Number(v & 0xffn); v >>= 8n; } return out; };
const read = (w) => { let v = 0n; for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[data + w * n8 + i]); return v; };
if (read(0) !== 1n) throw new Error("wire 0 is not 1");
const old = read(Number(wire));
const next = value === "+1" ? old + 1n : BigInt(value);
le(next).copy(b, data + Number(wire) * n8);
fs.writeFileSync(dst, b);
console.log(`wire ${wire}: ${old} -> ${next}`);
JS
    if "${SNARKJS[@]}" wtns check "$WORK/circuit.r1cs" "$WORK/tampered-$1.wtns" > "$WORK/check-tampered-$1.log" 2>&1; then
        cat "$WORK/check-tampered-$1.log"
        fail "the r1cs accepted a witness with wire $1 edited"
    fi
    echo "refused by the r1cs: $(strip_colors < "$WORK/check-tampered-$1.log" | grep -m1 -o 'aborting checking process at constraint [0-9]*' || echo 'wtns check failed')"
}
tamper_witness 2 7441     # revealed[1] (hidden birth date slot) := 7441
tamper_witness 1 +1       # revealed[0] (the name) := another value

# Install the checked artifacts and write SHA256SUMS.
step "install into $OUT"
for f in circuit.wasm circuit.r1cs circuit_final.zkey verification_key.json example-input.json; do
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
