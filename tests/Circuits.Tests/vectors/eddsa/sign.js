// Writes input.json next to this file: an EdDSA-Poseidon signature (circomlibjs) over a fixed
// message with a fixed private key, in the signal layout of circuit.circom.
// Run from anywhere: node tests/Circuits.Tests/vectors/eddsa/sign.js
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "../../../..");
const { buildEddsa, buildBabyjub } = require(path.join(root, "node_modules", "circomlibjs"));

(async () => {
    const eddsa = await buildEddsa();
    const babyJub = await buildBabyjub();
    const F = babyJub.F;

    const prvKey = Buffer.from("0001020304050607080900010203040506070809000102030405060708090001", "hex");
    const msg = F.e(1234567890123456789n);

    const pubKey = eddsa.prv2pub(prvKey);
    const signature = eddsa.signPoseidon(prvKey, msg);
    if (!eddsa.verifyPoseidon(msg, signature, pubKey)) {
        throw new Error("circomlibjs rejected its own signature");
    }

    const input = {
        Ax: F.toObject(pubKey[0]).toString(),
        Ay: F.toObject(pubKey[1]).toString(),
        R8x: F.toObject(signature.R8[0]).toString(),
        R8y: F.toObject(signature.R8[1]).toString(),
        S: signature.S.toString(),
        M: F.toObject(msg).toString(),
    };
    fs.writeFileSync(path.join(__dirname, "input.json"), JSON.stringify(input, null, 2) + "\n");
})().catch((e) => {
    console.error(e);
    process.exit(1);
});
