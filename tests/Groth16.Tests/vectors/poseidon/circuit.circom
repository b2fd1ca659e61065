pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";

// Credential-style statement built on circomlib:
//   commitment == Poseidon(secret, salt)     (public commitment, private preimage)
//   value < bound                            (LessThan(64), public bound, private value)
//   nullifier = Poseidon(secret, scope)      (the single public output)
// public.json is [nullifier, commitment, bound, scope].
template Credential() {
    signal input commitment;
    signal input bound;
    signal input scope;
    signal input secret;
    signal input salt;
    signal input value;

    signal output nullifier;

    component c = Poseidon(2);
    c.inputs[0] <== secret;
    c.inputs[1] <== salt;
    commitment === c.out;

    component lt = LessThan(64);
    lt.in[0] <== value;
    lt.in[1] <== bound;
    lt.out === 1;

    component n = Poseidon(2);
    n.inputs[0] <== secret;
    n.inputs[1] <== scope;
    nullifier <== n.out;
}

component main {public [commitment, bound, scope]} = Credential();
