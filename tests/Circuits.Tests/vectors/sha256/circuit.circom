pragma circom 2.0.0;

include "circomlib/circuits/sha256/sha256.circom";

// SHA-256 of a 64-bit message given as bits (most significant bit of each byte first).
component main = Sha256(64);
