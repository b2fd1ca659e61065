#!/usr/bin/env bash
# Builds circuits/ptau/local_phase1_14.ptau: the shared phase-1 (powers of tau) file the bundled circuits' proving
# keys are made from (circuits/solvency: domain 2^12, circuits/selective-disclosure: domain 2^14), with snarkjs:
#   powersoftau new bn128 14, two powersoftau contribute (random entropy from /dev/urandom), powersoftau beacon
#   (exponent 10), powersoftau prepare phase2
# then checks it with snarkjs powersoftau verify and with our binary's ptau info, writes SHA256SUMS (check:
# cd circuits/ptau && sha256sum -c SHA256SUMS) and prints the file's BLAKE2b-512 (as b2sum prints it).
#
# SECURITY: this is a LOCAL ceremony run on one build machine. Whoever ran this script saw both contributions'
# entropy (drawn from /dev/urandom and then discarded, but nothing proves that) and chose the beacon, so nobody
# can prove the toxic waste was forgotten. The file exists so that the bundled circuits can be built and checked
# at "production" level (zkey verify against a ptau and the r1cs) in tests. A real deployment replaces it with a
# public ceremony file (e.g. Hermez powersOfTau28_hez_final_14.ptau, whose BLAKE2b-512 is in the README's table)
# and re-runs the circuits' build.sh with PTAU=/path/to/that.ptau. See SOURCE.md.
#
# Usage: circuits/ptau/build.sh       (from anywhere; needs node, the repository's node_modules and the host
#                                      binary: dotnet build src/Host -c Release)
#        BEACON_HASH=<64 hex digits> circuits/ptau/build.sh   uses that beacon hash instead of 32 random bytes
#        KEEP_WORK=1 circuits/ptau/build.sh                   keeps the work directory (intermediate ptau files)
# Rebuilding replaces the file with a different one (new entropy): every circuit's key must then be rebuilt too.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
OUT="circuits/ptau"
POWER=14
NAME="local_phase1_$POWER.ptau"
BEACON_EXP=10
cd "$REPO_ROOT"

SNARKJS=(node node_modules/snarkjs/build/cli.cjs)
HOST_DLL="src/Host/bin/Release/net10.0/CredentialHub.Host.dll"
HOST=(dotnet "$HOST_DLL")
[[ -f node_modules/snarkjs/build/cli.cjs ]] || { echo "build.sh: node_modules/snarkjs missing; run 'npm ci' in $REPO_ROOT" >&2; exit 1; }
[[ -f "$HOST_DLL" ]] || { echo "build.sh: $HOST_DLL missing; run 'dotnet build src/Host -c Release' in $REPO_ROOT" >&2; exit 1; }

START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ptau-build.XXXXXX")"
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
# timed <label> <command…>: runs the command, prints its wall-clock time, returns its exit code.
timed() {
    local label="$1" t0 rc=0
    shift
    t0=$(date +%s.%N)
    "$@" || rc=$?
    awk -v l="$label" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "time: %s: %.1f s\n", l, b - a }'
    return "$rc"
}

if [[ -n "${BEACON_HASH:-}" ]]; then
    [[ "$BEACON_HASH" =~ ^[0-9a-fA-F]{64}$ ]] || fail "BEACON_HASH must be 64 hex digits (32 bytes), got '$BEACON_HASH'"
    BEACON="$BEACON_HASH"
else
    BEACON="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
fi

step "versions"
echo "snarkjs $(node -p 'require("./node_modules/snarkjs/package.json").version')"
echo "node $(node --version)"

step "powersoftau new bn128 $POWER"
timed "powersoftau new" "${SNARKJS[@]}" powersoftau new bn128 "$POWER" "$WORK/pot_0000.ptau"

step "powersoftau contribute 1/2"
timed "powersoftau contribute 1" "${SNARKJS[@]}" powersoftau contribute "$WORK/pot_0000.ptau" "$WORK/pot_0001.ptau" \
    --name="circuits/ptau build.sh contribution 1/2" -e="$(entropy)"

step "powersoftau contribute 2/2"
timed "powersoftau contribute 2" "${SNARKJS[@]}" powersoftau contribute "$WORK/pot_0001.ptau" "$WORK/pot_0002.ptau" \
    --name="circuits/ptau build.sh contribution 2/2" -e="$(entropy)"

step "powersoftau beacon (hash $BEACON, 2^$BEACON_EXP iterations)"
echo "beacon hash: $BEACON"
echo "beacon iterations exponent: $BEACON_EXP"
timed "powersoftau beacon" "${SNARKJS[@]}" powersoftau beacon "$WORK/pot_0002.ptau" "$WORK/pot_beacon.ptau" \
    "$BEACON" "$BEACON_EXP" --name="circuits/ptau build.sh beacon"

step "powersoftau prepare phase2"
timed "powersoftau prepare phase2" "${SNARKJS[@]}" powersoftau prepare phase2 "$WORK/pot_beacon.ptau" "$WORK/$NAME"

step "snarkjs powersoftau verify"
timed "powersoftau verify" "${SNARKJS[@]}" powersoftau verify "$WORK/$NAME" 2>&1 | tee "$WORK/verify.log"
grep -q "Powers of Tau Ok!" "$WORK/verify.log" || fail "snarkjs powersoftau verify did not accept $NAME"

step "ptau info (ours)"
timed "ptau info" "${HOST[@]}" ptau info "$WORK/$NAME" | tee "$WORK/info.txt"
grep -q "$(b2sum "$WORK/$NAME" | cut -d' ' -f1)" "$WORK/info.txt" || fail "ptau info's BLAKE2b-512 is not b2sum's"

step "install into $OUT"
mkdir -p "$OUT"
cp "$WORK/$NAME" "$OUT/$NAME"
(
    cd "$OUT"
    sha256sum "$NAME" > SHA256SUMS
    sha256sum -c SHA256SUMS
)

step "done"
echo "beacon hash: $BEACON (2^$BEACON_EXP iterations)"
echo "SHA-256:     $(cut -d' ' -f1 "$OUT/SHA256SUMS")"
echo "BLAKE2b-512: $(b2sum "$OUT/$NAME" | cut -d' ' -f1)"
ls -l "$OUT"
echo "build.sh: OK in $((SECONDS - START)) s"
