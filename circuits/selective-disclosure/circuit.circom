pragma circom 2.1.0;

// SelectiveDisclosure(N, K): selective disclosure of an issuer-signed credential, with K range predicates.
//
// Statement. The prover knows N attributes a[0..N-1] (field elements), an expiry expires_at and an EdDSA
// signature (R8x, R8y, S) such that
//   1. (R8x, R8y, S) is a valid EdDSA-Poseidon signature (BabyJubJub, circomlib/circomlibjs convention) by the
//      public key (issuer_Ax, issuer_Ay) on the message
//          m = Poseidon(Poseidon(a[0], ..., a[N-1]), expires_at)      (circomlib Poseidon(N), then Poseidon(2));
//   2. expires_at and now both lie in [0, 2^64), and expires_at >= now (the credential has not expired: it is
//      valid up to and including the day expires_at);
//   3. every reveal_mask[i] is 0 or 1, and revealed[i] = reveal_mask[i] * a[i] (the attribute where the mask
//      is 1, 0 elsewhere);
//   4. for every k < K: predicate_index[k] is in {0, ..., N-1}; predicate_kind[k] is in {0, 1, 2}; and
//        kind 0: no condition (the predicate is off; its threshold is ignored; its index must still be valid);
//        kind 1: a[predicate_index[k]] and predicate_threshold[k] lie in [0, 2^64) and
//                a[predicate_index[k]] >= predicate_threshold[k]   (as integers);
//        kind 2: the same range conditions and a[predicate_index[k]] <= predicate_threshold[k];
//   5. nonce is bound into the proof (see below).
// Attributes are arbitrary field elements (the service encodes strings, dates as days since 1970-01-01,
// integers < 2^64, booleans); only an attribute that an active predicate reads must be below 2^64, so a string
// hash in another slot, or in a slot read by an inactive predicate, is fine. The proof reveals nothing about the
// attributes beyond the revealed ones and the truth of the active predicates, and nothing about the signature
// or expires_at beyond expires_at >= now.
//
// What the verifier (relying party) must check outside the circuit: that (issuer_Ax, issuer_Ay) is the key
// of an issuer it trusts, that nonce is the one it issued for this presentation, that now is today (days since
// 1970-01-01, UTC), and that reveal_mask, predicate_index, predicate_kind and predicate_threshold are the ones
// it asked for (e.g. threshold = the date 18 years before today, for "born at least 18 years ago").
//
// Public signals, in the order snarkjs lists them: outputs first, then the public inputs in the order they
// are DECLARED in the template. circom ignores the order of the `public [...]` list (checked with circom 2.2.3
// on a two-input circuit: `public [b, a]` still numbers a before b); the inputs below are declared in the order
// of that list, so both readings give the same order. For main = SelectiveDisclosure(16, 2), 42 signals
// (wires 1..42 of circuit.sym; build.sh checks both the sym file and the public.json of a proof):
//   publicSignals[0..15]  = revealed[0..15]              (output)
//   publicSignals[16]     = issuer_Ax
//   publicSignals[17]     = issuer_Ay
//   publicSignals[18..33] = reveal_mask[0..15]
//   publicSignals[34..35] = predicate_index[0..1]
//   publicSignals[36..37] = predicate_kind[0..1]
//   publicSignals[38..39] = predicate_threshold[0..1]
//   publicSignals[40]     = nonce
//   publicSignals[41]     = now
// In general: revealed[0..N-1], issuer_Ax, issuer_Ay, reveal_mask[0..N-1], predicate_index[0..K-1],
// predicate_kind[0..K-1], predicate_threshold[0..K-1], nonce, now.
//
// Why each check is there:
//   - EdDSAPoseidonVerifier (enabled = 1): the attributes and expires_at are the ones the issuer signed; the
//     message covers all N slots and the expiry, so none can be changed or dropped. It checks S < the subgroup
//     order (no malleable S) and that 8*A is not the identity. It does not check that R8 and A lie on the
//     curve (circomlibjs's verifyPoseidon does), so BabyCheck on both makes the circuit accept exactly what
//     circomlibjs accepts; A is public and the verifier compares it with a trusted key anyway.
//   - Num2Bits(64) on expires_at and now, then GreaterEqThan(64): field elements wrap modulo the BN254 scalar
//     field r, and LessThan(n) (which GreaterEqThan uses) is only sound when both operands are < 2^n; without
//     the range checks an expiry of r - 1 ("-1") or a huge value could pass or break the comparison.
//   - reveal_mask[i] * (reveal_mask[i] - 1) === 0: a mask of 2 (or any other value) would output a multiple of
//     the attribute instead of the attribute or 0.
//   - revealed[i] <== reveal_mask[i] * a[i] is a constraint, not only an assignment: a revealed value that
//     differs from the signed attribute cannot satisfy the R1CS (revealed is an output, computed by the
//     witness calculator, never supplied by the prover), and a verifier who changes it sees the proof fail.
//   - predicate selector: sel[k][j] = IsEqual(predicate_index[k], j) for j < N, constrained to sum to 1. Each
//     sel is 0 or 1 and 1 only when index = j, so the sum is 1 exactly when the index is one of 0..N-1; an
//     index >= N (or any other field element) gives sum 0 and is unsatisfiable. The selected value is
//     sum_j sel[k][j] * a[j], the attribute at that index, picked inside the circuit from the signed values.
//   - predicate_kind in {0, 1, 2} via kind * (kind - 1) * (kind - 2) === 0: any other kind would be neither
//     "off" nor a known comparison; without it, kind 3 would silently act as "off" and its predicate prove nothing.
//   - active = [kind = 1] + [kind = 2]. The selected attribute and the threshold are multiplied by active
//     before Num2Bits(64): when the predicate is active they must lie in [0, 2^64) (so the 64-bit comparison
//     is sound: a "negative" attribute r - 1 would otherwise satisfy "<= 700", since LessThan would see
//     r - 1 + 2^64 - 701 = 2^64 - 702 mod r, whose bit 64 is 0); when it is off both gated values are 0,
//     so a string hash or any other field element in that slot is accepted.
//   - GreaterEqThan(64) and LessEqThan(64) compare the gated (range-checked) values, and
//     [kind = 1] * (1 - ge) === 0, [kind = 2] * (1 - le) === 0: an active predicate must hold.
//   - nonce * nonce: nonce appears in no other constraint. snarkjs's Groth16 setup adds one row per public
//     signal, which already keeps it in the verification key, but the proof must not rest on that detail of
//     one tool: the quadratic constraint makes the dependency explicit in the R1CS, keeps circom from reporting
//     the input as unused, and ties the proof to this nonce so that it cannot be replayed to another verifier
//     or another session.

include "circomlib/circuits/babyjub.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/poseidon.circom";

template SelectiveDisclosure(N, K) {
    assert(N >= 1);
    assert(N <= 16); // circomlib Poseidon(n) supports n <= 16
    assert(K >= 1);

    // Private inputs.
    signal input attributes[N];
    signal input expires_at;
    signal input R8x;
    signal input R8y;
    signal input S;

    // Public inputs, declared in the order of the `public [...]` list of main.
    signal input issuer_Ax;
    signal input issuer_Ay;
    signal input reveal_mask[N];
    signal input predicate_index[K];
    signal input predicate_kind[K];
    signal input predicate_threshold[K];
    signal input nonce;
    signal input now;

    signal output revealed[N];

    // Bind the nonce into the constraint system.
    signal nonce_square <== nonce * nonce;

    // 1. Signature over m = Poseidon(Poseidon(attributes), expires_at).
    component attributesHash = Poseidon(N);
    for (var i = 0; i < N; i++) {
        attributesHash.inputs[i] <== attributes[i];
    }
    component message = Poseidon(2);
    message.inputs[0] <== attributesHash.out;
    message.inputs[1] <== expires_at;

    component issuerOnCurve = BabyCheck();
    issuerOnCurve.x <== issuer_Ax;
    issuerOnCurve.y <== issuer_Ay;
    component r8OnCurve = BabyCheck();
    r8OnCurve.x <== R8x;
    r8OnCurve.y <== R8y;

    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== 1;
    signature.Ax <== issuer_Ax;
    signature.Ay <== issuer_Ay;
    signature.S <== S;
    signature.R8x <== R8x;
    signature.R8y <== R8y;
    signature.M <== message.out;

    // 2. Not expired: expires_at >= now, both in [0, 2^64).
    component expiresBits = Num2Bits(64);
    expiresBits.in <== expires_at;
    component nowBits = Num2Bits(64);
    nowBits.in <== now;
    component notExpired = GreaterEqThan(64);
    notExpired.in[0] <== expires_at;
    notExpired.in[1] <== now;
    notExpired.out === 1;

    // 3. Disclosure: boolean mask, revealed = mask * attribute.
    for (var i = 0; i < N; i++) {
        reveal_mask[i] * (reveal_mask[i] - 1) === 0;
        revealed[i] <== reveal_mask[i] * attributes[i];
    }

    // 4. Predicates.
    component selector[K][N];
    signal selectedTerm[K][N];
    signal kindProduct[K];
    component isGe[K];
    component isLe[K];
    signal active[K];
    signal gatedValue[K];
    signal gatedThreshold[K];
    component valueBits[K];
    component thresholdBits[K];
    component ge[K];
    component le[K];
    for (var k = 0; k < K; k++) {
        // One-hot selector: sums to 1 only for an index in 0..N-1.
        var selectorSum = 0;
        var selected = 0;
        for (var j = 0; j < N; j++) {
            selector[k][j] = IsEqual();
            selector[k][j].in[0] <== predicate_index[k];
            selector[k][j].in[1] <== j;
            selectedTerm[k][j] <== selector[k][j].out * attributes[j];
            selectorSum += selector[k][j].out;
            selected += selectedTerm[k][j];
        }
        selectorSum === 1;

        // kind in {0, 1, 2}.
        kindProduct[k] <== predicate_kind[k] * (predicate_kind[k] - 1);
        kindProduct[k] * (predicate_kind[k] - 2) === 0;
        isGe[k] = IsEqual();
        isGe[k].in[0] <== predicate_kind[k];
        isGe[k].in[1] <== 1;
        isLe[k] = IsEqual();
        isLe[k].in[0] <== predicate_kind[k];
        isLe[k].in[1] <== 2;
        active[k] <== isGe[k].out + isLe[k].out;

        // Range checks only when active (0 otherwise).
        gatedValue[k] <== active[k] * selected;
        gatedThreshold[k] <== active[k] * predicate_threshold[k];
        valueBits[k] = Num2Bits(64);
        valueBits[k].in <== gatedValue[k];
        thresholdBits[k] = Num2Bits(64);
        thresholdBits[k].in <== gatedThreshold[k];

        // Comparisons of the range-checked values; the active one must hold.
        ge[k] = GreaterEqThan(64);
        ge[k].in[0] <== gatedValue[k];
        ge[k].in[1] <== gatedThreshold[k];
        le[k] = LessEqThan(64);
        le[k].in[0] <== gatedValue[k];
        le[k].in[1] <== gatedThreshold[k];
        isGe[k].out * (1 - ge[k].out) === 0;
        isLe[k].out * (1 - le[k].out) === 0;
    }
}

component main {public [issuer_Ax, issuer_Ay, reveal_mask, predicate_index, predicate_kind, predicate_threshold, nonce, now]} = SelectiveDisclosure(16, 2);
