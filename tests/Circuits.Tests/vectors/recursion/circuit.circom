pragma circom 2.0.0;

// A circom function that recurses n levels deep with a local array in every frame. circom keeps function
// frames on a stack in linear memory and grows the memory when the stack outgrows it, so this circuit is the
// one witness vector that grows its memory while running: with a page cap below what it needs, the run ends
// in circom's "Not enough memory" (error code 5).
function depthSum(n) {
    var frame[64];
    for (var i = 0; i < 64; i++) {
        frame[i] = n + i;
    }
    if (n == 0) {
        return frame[63];
    }
    return depthSum(n - 1) + frame[0];
}

template Recursion(n) {
    signal input x;
    signal output y;
    // Computed, not constrained: the test is about running the witness calculator, not about the statement.
    y <-- depthSum(x);
    y * 1 === y;
}

component main = Recursion(0);
