pragma circom 2.0.0;

// out = m · v for a 3×4 matrix m and a 4-vector v (2-D array input).
template MatVec(R, C) {
    signal input m[R][C];
    signal input v[C];
    signal output out[R];

    signal prod[R][C];
    for (var i = 0; i < R; i++) {
        var acc = 0;
        for (var j = 0; j < C; j++) {
            prod[i][j] <== m[i][j] * v[j];
            acc += prod[i][j];
        }
        out[i] <== acc;
    }
}

component main = MatVec(3, 4);
