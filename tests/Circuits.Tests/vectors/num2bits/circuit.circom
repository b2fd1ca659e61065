pragma circom 2.0.0;

include "circomlib/circuits/bitify.circom";

// Range check x < 2^64 with Num2Bits(64); outputs the bits and their count of ones.
template RangeCheck64() {
    signal input x;
    signal output bits[64];
    signal output ones;

    component n = Num2Bits(64);
    n.in <== x;
    var acc = 0;
    for (var i = 0; i < 64; i++) {
        bits[i] <== n.out[i];
        acc += n.out[i];
    }
    ones <== acc;
}

component main = RangeCheck64();
