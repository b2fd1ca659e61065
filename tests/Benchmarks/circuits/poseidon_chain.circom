pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// A benchmark circuit with a realistic, dense witness: a chain of N circomlib Poseidon(2) hashes,
// each mixed with its index and multiplied into a running product.
// h[0] = seed, h[i+1] = Poseidon(h[i], i), acc[i+1] = acc[i] · h[i+1]; outputs h[N] and acc[N].
template PoseidonChain(N) {
    signal input seed;
    signal output digest;
    signal output product;

    component hashes[N];
    signal h[N + 1];
    signal acc[N + 1];
    h[0] <== seed;
    acc[0] <== seed;
    for (var i = 0; i < N; i++) {
        hashes[i] = Poseidon(2);
        hashes[i].inputs[0] <== h[i];
        hashes[i].inputs[1] <== i;
        h[i + 1] <== hashes[i].out;
        acc[i + 1] <== acc[i] * h[i + 1];
    }
    digest <== h[N];
    product <== acc[N];
}
