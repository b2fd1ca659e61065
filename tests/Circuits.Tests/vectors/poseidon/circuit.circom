pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// out = Poseidon(in[0], in[1], in[2]) (circomlib, 3 inputs).
template PoseidonHash3() {
    signal input in[3];
    signal output out;

    component h = Poseidon(3);
    for (var i = 0; i < 3; i++) {
        h.inputs[i] <== in[i];
    }
    out <== h.out;
}

component main = PoseidonHash3();
