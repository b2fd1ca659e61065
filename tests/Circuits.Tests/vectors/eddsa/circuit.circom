pragma circom 2.0.0;

include "circomlib/circuits/eddsaposeidon.circom";

// Verifies a Baby Jubjub EdDSA-Poseidon signature (R8, S) by public key A over message M.
// input.json is produced by sign.js with a fixed private key.
template VerifySignature() {
    signal input Ax;
    signal input Ay;
    signal input R8x;
    signal input R8y;
    signal input S;
    signal input M;

    component v = EdDSAPoseidonVerifier();
    v.enabled <== 1;
    v.Ax <== Ax;
    v.Ay <== Ay;
    v.R8x <== R8x;
    v.R8y <== R8y;
    v.S <== S;
    v.M <== M;
}

component main {public [Ax, Ay, M]} = VerifySignature();
