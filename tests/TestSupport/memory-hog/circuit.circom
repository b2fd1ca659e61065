pragma circom 2.0.0;

// A test circuit whose witness computation needs as much memory as its input asks for, while its key and its loading
// need almost none: every call of deep() puts a frame holding an array of 4096 field elements on circom's stack, and it
// calls itself `depth` times, so circom's runtime grows the WebAssembly memory by about 160 KiB per level of depth
// during the witness computation only. depth = 0 is a cheap proof; depth = 4000 asks for about 640 MiB.
function deep(x, n) {
    var frame[4096];
    frame[0] = x;
    if (n == 0) {
        return frame[0];
    }
    return deep(frame[0], n - 1);
}

template MemoryHog() {
    signal input a;
    signal input depth;
    signal output b;
    signal output square;
    b <-- deep(a, depth);
    b === a;
    square <== a * a;
}

component main = MemoryHog();
