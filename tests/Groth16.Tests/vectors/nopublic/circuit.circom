pragma circom 2.0.0;

// No public signals at all (nPublic = 0, public.json is []).
// Private statement: y == x^3 + x + 5 and c == a * b, with a, b != 1 shown by
// supplying their inverses of (a - 1) and (b - 1).
template NoPublic() {
    signal input x;
    signal input y;
    signal input a;
    signal input b;
    signal input c;
    signal input ia;
    signal input ib;

    signal x2;
    signal x3;
    x2 <== x * x;
    x3 <== x2 * x;
    y === x3 + x + 5;

    signal ab;
    ab <== a * b;
    c === ab;

    (a - 1) * ia === 1;
    (b - 1) * ib === 1;
}

component main = NoPublic();
