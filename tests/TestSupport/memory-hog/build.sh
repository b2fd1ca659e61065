#!/usr/bin/env bash
# Builds the memory-hog test circuit (tests/TestSupport/memory-hog/) from circuit.circom:
#   circuit.wasm, circuit.r1cs   circom2 0.2.23 (circom 2.2.3), --O0 (keeps the output wires circom would substitute)
#   circuit_final.zkey           the service's own development setup (setup --insecure-dev): a test key, forgeable
#   verification_key.json        export-vkey
#   SHA256SUMS                   sha256sum of the circuit's files
# Needs the repository's node_modules (npm ci) and the built host (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(cd ../../.. && pwd -P)"
HOST=(dotnet "$ROOT/src/Host/bin/Release/net10.0/CredentialHub.Host.dll")
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
node "$ROOT/node_modules/circom2/cli.js" circuit.circom --r1cs --wasm --O0 -o "$WORK"
cp "$WORK/circuit.r1cs" "$WORK/circuit_js/circuit.wasm" .
"${HOST[@]}" setup circuit.r1cs circuit_final.zkey --insecure-dev
"${HOST[@]}" export-vkey circuit_final.zkey verification_key.json
sha256sum circuit.json circuit.wasm circuit.r1cs circuit_final.zkey verification_key.json > SHA256SUMS
