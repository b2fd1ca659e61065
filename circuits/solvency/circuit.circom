pragma circom 2.1.0;

// Solvency(k): proof of solvency for one institution.
//
// Statement. The prover knows k asset amounts a[0..k-1], k liability amounts
// l[0..k-1] and a salt s such that
//   1. every a[i] and every l[i] lies in [0, 2^64);
//   2. a[0] + ... + a[k-1] >= l[0] + ... + l[k-1]   (as integers, not mod r);
//   3. commitment = Poseidon(Poseidon(a[0..k-1]), Poseidon(l[0..k-1]), s).
// The proof reveals nothing about the amounts or the salt beyond that.
//
// Public signals, in the order snarkjs lists them (outputs first, then public
// inputs, each in declaration order):
//   publicSignals[0] = commitment        (output)
//   publicSignals[1] = institution_hash  (public input)
//
// Why each check is there:
//   - Num2Bits(64) on every amount: field elements wrap around modulo the
//     BN254 scalar field r. Without a range check a "negative" liability
//     (r - x) or an asset near r would make the sums meaningless. With every
//     amount < 2^64 and k = 8, each sum is < 2^67, far below r, so the field
//     sums equal the integer sums.
//   - GreaterEqThan(68) with out === 1: compares the two sums as integers.
//     LessThan(n) is only sound when both operands are < 2^n; the sums are
//     < k * 2^64, i.e. < 2^67 for k = 8 and <= 2^68 for any k <= 16, so 68
//     bits cover them.
//   - Poseidon commitment: binds the proof to one specific set of amounts
//     (the ones the institution committed to elsewhere, e.g. to an auditor),
//     so the prover cannot pick convenient numbers per proof. The salt hides
//     the amounts from brute force over small value spaces. Poseidon(n) in
//     circomlib takes at most 16 inputs, so k <= 16.
//   - institution_hash * institution_hash: institution_hash appears in no
//     other constraint. snarkjs's Groth16 setup does add one row per public
//     signal, which already keeps it in the verification key, but the proof
//     must not rest on that detail of one tool: the dummy quadratic constraint
//     makes the dependency explicit in the R1CS, keeps circom from reporting
//     the input as unused, and ties the proof to this institution so it cannot
//     be replayed for another (the API computes the hash from the
//     institution id).

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/poseidon.circom";

template Solvency(k) {
    assert(k >= 1);
    assert(k <= 16); // Poseidon(n) supports n <= 16; sums stay < 2^68

    signal input assets[k];
    signal input liabilities[k];
    signal input salt;
    signal input institution_hash;

    signal output commitment;

    // Bind the public input into the constraint system.
    signal institution_square <== institution_hash * institution_hash;

    // Range checks: every amount in [0, 2^64).
    component assetBits[k];
    component liabilityBits[k];
    for (var i = 0; i < k; i++) {
        assetBits[i] = Num2Bits(64);
        assetBits[i].in <== assets[i];
        liabilityBits[i] = Num2Bits(64);
        liabilityBits[i].in <== liabilities[i];
    }

    // Sums (linear combinations, no constraints of their own).
    var assetSum = 0;
    var liabilitySum = 0;
    for (var i = 0; i < k; i++) {
        assetSum += assets[i];
        liabilitySum += liabilities[i];
    }

    // Solvency: sum(assets) >= sum(liabilities).
    component solvent = GreaterEqThan(68);
    solvent.in[0] <== assetSum;
    solvent.in[1] <== liabilitySum;
    solvent.out === 1;

    // Commitment.
    component assetHash = Poseidon(k);
    component liabilityHash = Poseidon(k);
    for (var i = 0; i < k; i++) {
        assetHash.inputs[i] <== assets[i];
        liabilityHash.inputs[i] <== liabilities[i];
    }
    component outer = Poseidon(3);
    outer.inputs[0] <== assetHash.out;
    outer.inputs[1] <== liabilityHash.out;
    outer.inputs[2] <== salt;
    commitment <== outer.out;
}

component main {public [institution_hash]} = Solvency(8);
