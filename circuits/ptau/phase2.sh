# Sourced (not run) by the circuits' build.sh: phase 2 of a circuit's Groth16 setup from a phase-1 file, with the
# host binary's commands, checked by both our zkey verify and snarkjs's.
#
# The caller has cd'ed to the repository root and defined: SNARKJS (array), WORK (work directory holding
# circuit.r1cs), and the functions step, fail, entropy, strip_colors. PTAU, if set, is the absolute path of the
# phase-1 file to use instead of circuits/ptau/local_phase1_14.ptau (the caller resolves it before cd'ing);
# BEACON_HASH, if set, is the beacon hash (hex) instead of 32 random bytes.
#
# phase2_ceremony <circuit id> writes $WORK/circuit_final.zkey and $WORK/verification_key.json and sets
#   PTAU_PATH, PTAU_NAME (file name), PTAU_B2 (BLAKE2b-512, lowercase hex), BEACON, BEACON_EXP
# set_circuit_ptau <circuit.json> sets "security_level": "production", "ptau_file" and "ptau_blake2b512" in place.

HOST_DLL="src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
HOST=(dotnet "$HOST_DLL")
PTAU_DEFAULT_DIR="circuits/ptau"
PTAU_DEFAULT_NAME="local_phase1_14.ptau"
BEACON_EXP=10

# timed <label> <command…>: runs the command, prints its wall-clock time, returns its exit code.
timed() {
    local label="$1" t0 rc=0
    shift
    t0=$(date +%s.%N)
    "$@" || rc=$?
    awk -v l="$label" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "time: %s: %.1f s\n", l, b - a }'
    return "$rc"
}

phase2_ceremony() {
    local id="$1"
    [[ -f "$HOST_DLL" ]] || fail "$HOST_DLL missing; run 'dotnet build src/Host -c Release'"

    step "phase 1 file"
    if [[ -n "${PTAU:-}" ]]; then
        PTAU_PATH="$PTAU"
        echo "PTAU=$PTAU_PATH (instead of $PTAU_DEFAULT_DIR/$PTAU_DEFAULT_NAME)"
    else
        PTAU_PATH="$PWD/$PTAU_DEFAULT_DIR/$PTAU_DEFAULT_NAME"
        (cd "$PTAU_DEFAULT_DIR" && sha256sum -c SHA256SUMS) \
            || fail "$PTAU_DEFAULT_DIR/$PTAU_DEFAULT_NAME does not match $PTAU_DEFAULT_DIR/SHA256SUMS"
    fi
    PTAU_NAME="$(basename "$PTAU_PATH")"
    "${HOST[@]}" ptau info "$PTAU_PATH" | tee "$WORK/ptau-info.txt" || fail "ptau info refused $PTAU_PATH"
    PTAU_B2="$(b2sum "$PTAU_PATH" | cut -d' ' -f1)"
    [[ "$PTAU_B2" =~ ^[0-9a-f]{128}$ ]] || fail "no BLAKE2b-512 for $PTAU_PATH"
    grep -q "$PTAU_B2" "$WORK/ptau-info.txt" || fail "ptau info's BLAKE2b-512 is not b2sum's ($PTAU_B2)"
    echo "ptau: $PTAU_NAME, BLAKE2b-512 $PTAU_B2"

    if [[ -n "${BEACON_HASH:-}" ]]; then
        [[ "$BEACON_HASH" =~ ^([0-9a-fA-F]{2})+$ ]] || fail "BEACON_HASH must be hex digits (an even number), got '$BEACON_HASH'"
        BEACON="$BEACON_HASH"
    else
        BEACON="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    fi

    step "setup (ours, = snarkjs groth16 setup)"
    timed "setup" "${HOST[@]}" setup "$WORK/circuit.r1cs" "$PTAU_PATH" "$WORK/circuit_0000.zkey" \
        || fail "setup refused the circuit or the ptau"

    step "zkey contribute 1/2 (ours)"
    timed "zkey contribute 1/2" "${HOST[@]}" zkey contribute "$WORK/circuit_0000.zkey" "$WORK/circuit_0001.zkey" \
        --name "$id build.sh contribution 1/2" --entropy "$(entropy)" || fail "zkey contribute 1/2 failed"

    step "zkey contribute 2/2 (ours)"
    timed "zkey contribute 2/2" "${HOST[@]}" zkey contribute "$WORK/circuit_0001.zkey" "$WORK/circuit_0002.zkey" \
        --name "$id build.sh contribution 2/2" --entropy "$(entropy)" || fail "zkey contribute 2/2 failed"

    step "zkey beacon (ours)"
    echo "beacon hash: $BEACON"
    echo "beacon iterations exponent: $BEACON_EXP"
    timed "zkey beacon" "${HOST[@]}" zkey beacon "$WORK/circuit_0002.zkey" "$WORK/circuit_final.zkey" \
        "$BEACON" "$BEACON_EXP" --name "$id build.sh beacon" || fail "zkey beacon failed"

    step "zkey verify (ours: r1cs + ptau)"
    timed "zkey verify (ours)" "${HOST[@]}" zkey verify "$WORK/circuit.r1cs" "$PTAU_PATH" "$WORK/circuit_final.zkey" \
        | tee "$WORK/zkey-verify-ours.log" || fail "our zkey verify did not accept circuit_final.zkey"
    grep -q "ZKey Ok!" "$WORK/zkey-verify-ours.log" || fail "our zkey verify did not print ZKey Ok!"

    step "zkey verify (snarkjs: r1cs + ptau)"
    timed "zkey verify (snarkjs)" "${SNARKJS[@]}" zkey verify "$WORK/circuit.r1cs" "$PTAU_PATH" "$WORK/circuit_final.zkey" \
        2>&1 | strip_colors | tee "$WORK/zkey-verify-snarkjs.log" || fail "snarkjs zkey verify did not accept circuit_final.zkey"
    grep -q "ZKey Ok!" "$WORK/zkey-verify-snarkjs.log" || fail "snarkjs zkey verify did not print ZKey Ok!"

    step "export verification key (ours), compared with snarkjs zkey export verificationkey"
    "${HOST[@]}" zkey export-vkey "$WORK/circuit_final.zkey" "$WORK/verification_key.json" \
        || fail "zkey export-vkey failed"
    "${SNARKJS[@]}" zkey export verificationkey "$WORK/circuit_final.zkey" "$WORK/verification_key.snarkjs.json"
    node -e '
const fs = require("fs");
const { isDeepStrictEqual } = require("util");
const [ours, theirs] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
if (!isDeepStrictEqual(ours, theirs)) { console.error("the verification keys differ"); process.exit(1); }
' "$WORK/verification_key.json" "$WORK/verification_key.snarkjs.json" \
        || fail "our verification key is not snarkjs's"
    if cmp -s "$WORK/verification_key.json" "$WORK/verification_key.snarkjs.json"; then
        echo "verification key: equal to snarkjs's (byte for byte)"
    else
        echo "verification key: equal to snarkjs's as JSON"
    fi
}

set_circuit_ptau() {
    node - "$1" "$PTAU_NAME" "$PTAU_B2" <<'JS' || fail "could not set the ptau keys in $1"
// Edits circuit.json as text so that its order and layout stay: replaces the values of security_level, ptau_file
// and ptau_blake2b512 where they are, and adds the ptau keys after r1cs_file where they are not.
const fs = require("fs");
const [file, name, b2] = process.argv.slice(2);
let text = fs.readFileSync(file, "utf8");
const set = (key, value, after) => {
    const line = new RegExp(`^(\\s*)"${key}": "[^"]*"(,?)$`, "m");
    if (line.test(text)) {
        text = text.replace(line, (_, indent, comma) => `${indent}"${key}": ${JSON.stringify(value)}${comma}`);
        return;
    }
    const anchor = new RegExp(`^(\\s*)"${after}": "[^"]*",$`, "m");
    const m = anchor.exec(text);
    if (!m) throw new Error(`${file}: no "${after}" line to add "${key}" after`);
    const at = m.index + m[0].length;
    text = text.slice(0, at) + `\n${m[1]}"${key}": ${JSON.stringify(value)},` + text.slice(at);
};
set("security_level", "production");
set("ptau_file", name, "r1cs_file");
set("ptau_blake2b512", b2, "ptau_file");
const json = JSON.parse(text);
if (json.security_level !== "production" || json.ptau_file !== name || json.ptau_blake2b512 !== b2)
    throw new Error(`${file}: the keys did not come out as set`);
fs.writeFileSync(file, text);
console.log(`${file}: security_level production, ptau_file ${name}, ptau_blake2b512 ${b2}`);
JS
}
