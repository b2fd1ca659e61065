pragma circom 2.0.0;

include "circomlib/circuits/comparators.circom";

// lt = (a < b), ge = (a >= b) for 32-bit a, b.
template Compare() {
    signal input a;
    signal input b;
    signal output lt;
    signal output ge;

    component l = LessThan(32);
    l.in[0] <== a;
    l.in[1] <== b;
    lt <== l.out;

    component g = GreaterEqThan(32);
    g.in[0] <== a;
    g.in[1] <== b;
    ge <== g.out;
}

component main = Compare();
