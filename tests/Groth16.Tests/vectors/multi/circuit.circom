pragma circom 2.0.0;

// Several public signals: 2 outputs followed by 3 public inputs (x, y, z),
// so public.json is [sum, prod, x, y, z].
//
//   z == k * k                               (k is a private square root of z)
//   acc[0] = x
//   acc[i+1] = acc[i] * a[i] + y             (multiplication chain)
//   prod = acc[N] * k
//   sum  = sum_i a[i] * a[i] + x * y          (quadratic terms)
template Multi(N) {
    signal input x;
    signal input y;
    signal input z;
    signal input a[N];
    signal input k;

    signal output sum;
    signal output prod;

    signal kk;
    kk <== k * k;
    z === kk;

    signal acc[N + 1];
    signal t[N];
    acc[0] <== x;
    for (var i = 0; i < N; i++) {
        t[i] <== acc[i] * a[i];
        acc[i + 1] <== t[i] + y;
    }
    prod <== acc[N] * k;

    signal sq[N];
    signal xy;
    var s = 0;
    for (var i = 0; i < N; i++) {
        sq[i] <== a[i] * a[i];
        s += sq[i];
    }
    xy <== x * y;
    sum <== s + xy;
}

component main {public [x, y, z]} = Multi(12);
