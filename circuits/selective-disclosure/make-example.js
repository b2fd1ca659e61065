#!/usr/bin/env node
// Writes example-input.json for circuits/selective-disclosure (SelectiveDisclosure(16, 2)): a credential signed
// with a FIXED TEST KEY, a disclosure request (reveal slots 0 and 2) and two predicates.
//
//   node circuits/selective-disclosure/make-example.js [output.json]   (default: example-input.json next to
//                                                                        this script)
//
// The output is deterministic (EdDSA-Poseidon signatures in circomlibjs are deterministic), so rerunning it
// writes the same bytes. build.sh runs it, and also require()s it to re-sign modified credentials for its
// negative checks.
//
// TEST KEY. TEST_PRIVATE_KEY below is public (it is in this file): anyone can sign anything with it. It exists
// only to make an example; an issuer uses its own secret key, and a verifier must never trust this public key.
//
// Example attribute encoding (ours, for the example only; the service defines its own):
//   strings   Poseidon(byteLength, c[0], ..., c[m-1]) where c[i] are the UTF-8 bytes cut into 31-byte chunks,
//             each read as a big-endian integer (< 2^248 < r); at most 15 chunks (465 bytes). The length
//             keeps "A" and "A\0" apart. These values are about 2^254: far above 2^64, so an active
//             predicate on such a slot is unsatisfiable, by design.
//   dates     days since 1970-01-01 (UTC)
//   integers  the integer itself (< 2^64)
//   absent    0
//
// Slots: 0 name, 1 birth date, 2 nationality (ISO 3166-1 alpha-3), 3 driving licence class, 4 score, 5..15 0.
// Request: reveal slots 0 and 2 (name and nationality); predicate 0: birth date <= the date 18 years before
// `now` (kind 2), i.e. the holder is at least 18 on `now`; predicate 1: score <= 700 (kind 2).
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { buildPoseidon, buildEddsa, buildBabyjub } = require("circomlibjs");

const N = 16;
const K = 2;

// "test-key-selective-disclosure-01" in ASCII: 32 bytes, a TEST key, public, never for real credentials.
const TEST_PRIVATE_KEY = Buffer.from("746573742d6b65792d73656c6563746976652d646973636c6f737572652d3031", "hex");

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n; // BN254 scalar field

function daysSinceEpoch(year, month, day) {
    const ms = Date.UTC(year, month - 1, day);
    if (ms % 86400000 !== 0) throw new Error("bad date");
    return BigInt(ms / 86400000);
}

function dateOf(days) {
    return new Date(Number(days) * 86400000).toISOString().slice(0, 10);
}

let cached;
async function tools() {
    if (!cached) {
        const [poseidon, eddsa, babyjub] = await Promise.all([buildPoseidon(), buildEddsa(), buildBabyjub()]);
        cached = { poseidon, eddsa, babyjub };
    }
    return cached;
}

async function encodeString(text) {
    const { poseidon } = await tools();
    const bytes = Buffer.from(text, "utf8");
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 31) {
        chunks.push(BigInt("0x" + (bytes.subarray(i, i + 31).toString("hex") || "0")));
    }
    if (chunks.length > 15) throw new Error("string longer than 465 bytes");
    return poseidon.F.toObject(poseidon([BigInt(bytes.length), ...chunks]));
}

// Signs m = Poseidon(Poseidon(attributes[0..N-1]), expires_at) with the test key (or another private key) and
// returns the signature and the public key as decimal strings.
async function signCredential(attributes, expiresAt, privateKey = TEST_PRIVATE_KEY) {
    const { poseidon, eddsa, babyjub } = await tools();
    const F = babyjub.F;
    if (attributes.length !== N) throw new Error(`need ${N} attributes`);
    const message = poseidon([poseidon(attributes.map(BigInt)), BigInt(expiresAt)]);
    const signature = eddsa.signPoseidon(privateKey, message);
    const A = eddsa.prv2pub(privateKey);
    if (!eddsa.verifyPoseidon(message, signature, A)) throw new Error("circomlibjs refuses its own signature");
    return {
        R8x: F.toObject(signature.R8[0]).toString(),
        R8y: F.toObject(signature.R8[1]).toString(),
        S: signature.S.toString(),
        issuer_Ax: F.toObject(A[0]).toString(),
        issuer_Ay: F.toObject(A[1]).toString(),
        message: F.toObject(message).toString(),
    };
}

async function buildExample() {
    const now = daysSinceEpoch(2026, 11, 21);
    const expiresAt = daysSinceEpoch(2028, 11, 21);
    const birthDate = daysSinceEpoch(1990, 5, 17);
    // "At least 18 on now": born on or before the same calendar day 18 years earlier (a 29 February `now`
    // needs a rule of the service's choosing; not the case here).
    const adultCutoff = daysSinceEpoch(2026 - 18, 11, 21);

    const attributes = new Array(N).fill(0n);
    attributes[0] = await encodeString("Alice Example");
    attributes[1] = birthDate;
    attributes[2] = await encodeString("NLD");
    attributes[3] = await encodeString("B");
    attributes[4] = 650n;

    const signature = await signCredential(attributes, expiresAt);
    const revealMask = new Array(N).fill(0);
    revealMask[0] = 1;
    revealMask[2] = 1;

    const nonce = BigInt("0x" + crypto.createHash("sha256")
        .update("CredentialHub selective-disclosure example nonce").digest("hex")) % R;

    // Keys in the order the circuit declares its inputs.
    const input = {
        attributes: attributes.map(String),
        expires_at: expiresAt.toString(),
        R8x: signature.R8x,
        R8y: signature.R8y,
        S: signature.S,
        issuer_Ax: signature.issuer_Ax,
        issuer_Ay: signature.issuer_Ay,
        reveal_mask: revealMask.map(String),
        predicate_index: ["1", "4"],
        predicate_kind: ["2", "2"],
        predicate_threshold: [adultCutoff.toString(), "700"],
        nonce: nonce.toString(),
        now: now.toString(),
    };
    if (input.predicate_index.length !== K) throw new Error(`need ${K} predicates`);
    const notes = {
        now: dateOf(now), expires_at: dateOf(expiresAt), birth_date: dateOf(birthDate), adult_cutoff: dateOf(adultCutoff),
    };
    return { input, notes };
}

module.exports = { N, K, R, TEST_PRIVATE_KEY, daysSinceEpoch, encodeString, signCredential, buildExample };

if (require.main === module) {
    (async () => {
        const out = process.argv[2] || path.join(__dirname, "example-input.json");
        const { input, notes } = await buildExample();
        fs.writeFileSync(out, JSON.stringify(input, null, 2) + "\n");
        console.log(`wrote ${out}: now ${notes.now}, expires ${notes.expires_at}, born ${notes.birth_date} ` +
            `(<= ${notes.adult_cutoff}), score 650 (<= 700), revealing slots 0 and 2`);
        process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });
}
