// Vectors for the ceremony code (ChaChaRng, RngSampling, HashToG2, Blake2b512, ContributionRandomness), computed by
// the pinned ffjavascript 0.2.63 and snarkjs 0.7.6 of the repository's node_modules. From the repository root:
//   node tests/Groth16.Tests/Ceremony/vectors/generate.mjs > tests/Groth16.Tests/Ceremony/vectors/ceremony-vectors.json
import { ChaCha, buildBn128 } from "ffjavascript";
import { blake2b } from "@noble/hashes/blake2b";
import { hashToG2 } from "../../../../node_modules/snarkjs/src/keypair.js";
import { rngFromBeaconParams } from "../../../../node_modules/snarkjs/src/misc.js";

const curve = await buildBn128(true);
const hex = (b) => Buffer.from(b).toString("hex");
const words = (rng, n) => Array.from({ length: n }, () => rng.nextU32());
const g1 = (p) => curve.G1.toObject(curve.G1.toAffine(p)).slice(0, 2).map(String);
const g2 = (p) => curve.G2.toObject(curve.G2.toAffine(p)).slice(0, 2).map((c) => c.map(String));

const out = { source: "ffjavascript 0.2.63, snarkjs 0.7.6, @noble/hashes (node_modules): generate.mjs" };

out.chacha = [[1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 0], [0xffffffff, 0x80000000, 3, 0xdeadbeef, 0, 1, 2, 3]]
    .map((seed) => ({ seed, words: words(new ChaCha(seed), 40) }));

const seeds = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16], [0xcafebabe, 7, 7, 7, 7, 7, 7, 7]];
out.fr = seeds.map((seed) => { const r = new ChaCha(seed); return { seed, values: [0, 1, 2].map(() => curve.Fr.toString(curve.Fr.fromRng(r))) }; });
out.g1 = seeds.map((seed) => { const r = new ChaCha(seed); return { seed, points: [0, 1].map(() => g1(curve.G1.fromRng(r))) }; });
out.g2 = seeds.map((seed) => { const r = new ChaCha(seed); return { seed, point: g2(curve.G2.fromRng(r)) }; });

const inputs = ["", "abc", "credentialhub", "x".repeat(300)];
out.blake2b = inputs.map((text) => ({ text, hash: hex(blake2b(new TextEncoder().encode(text), { dkLen: 64 })) }));
out.hashToG2 = inputs.map((text) => {
    const h = blake2b(new TextEncoder().encode(text), { dkLen: 64 });
    return { hash: hex(h), point: g2(hashToG2(curve, h)) };
});

out.beacon = [];
for (const [beaconHash, exponent] of [["0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 10], ["ff", 12]]) {
    const rng = await rngFromBeaconParams(Buffer.from(beaconHash, "hex"), exponent);
    out.beacon.push({ beaconHash, exponent, words: words(rng, 20), secret: curve.Fr.toString(curve.Fr.fromRng(rng)) });
}

console.log(JSON.stringify(out, null, 1));
await curve.terminate();
