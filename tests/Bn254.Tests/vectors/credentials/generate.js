// Writes credentials.json: Poseidon, BabyJubJub, EdDSA-Poseidon and BLAKE-512 vectors from circomlibjs.
// Run from the repository root: node tests/Bn254.Tests/vectors/credentials/generate.js
// Every input is derived deterministically (SHA-256 of a label), so a rerun reproduces the file byte for byte.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { buildPoseidon, buildPoseidonReference, buildBabyjub, buildEddsa } = require("circomlibjs");
const createBlakeHash = require("blake-hash");
// Read from the package folder: its "exports" map does not expose src/ to require().
const packageDir = (name) => path.join(process.cwd(), "node_modules", name);
const poseidonConstants = JSON.parse(fs.readFileSync(path.join(packageDir("circomlibjs"), "src", "poseidon_constants.json"), "utf8"));

const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const sha256 = (label) => crypto.createHash("sha256").update(label).digest();
const bytesToBigLE = (b) => BigInt("0x" + (Buffer.from(b).reverse().toString("hex") || "0"));
const pseudoField = (label) => bytesToBigLE(sha256(label)) % r;
const hex = (b) => Buffer.from(b).toString("hex");
const version = (name) => JSON.parse(fs.readFileSync(path.join(packageDir(name), "package.json"), "utf8")).version;

async function main() {
    const poseidon = await buildPoseidonReference();
    // eddsa.signPoseidon uses the optimised WebAssembly Poseidon; every hash below is checked against it too.
    const poseidonWasm = await buildPoseidon();
    const babyJub = await buildBabyjub();
    const eddsa = await buildEddsa();
    const F = babyJub.F;
    const l = babyJub.subOrder;
    const toDec = (e) => F.toObject(e).toString();
    const point = (P) => ({ x: toDec(P[0]), y: toDec(P[1]) });

    // Poseidon: for every arity, the edge inputs 0, 1, r − 1 and pseudo-random ones.
    const hashes = [];
    for (let n = 1; n <= 16; n++) {
        const sets = [
            Array(n).fill(0n),
            Array.from({ length: n }, (_, i) => BigInt(i + 1)),
            Array(n).fill(r - 1n),
            Array.from({ length: n }, (_, i) => pseudoField(`poseidon-${n}-${i}`)),
            Array.from({ length: n }, (_, i) => (i % 2 === 0 ? r - 1n : pseudoField(`poseidon-mixed-${n}-${i}`))),
        ];
        for (const inputs of sets) {
            if (!F.eq(poseidon(inputs), poseidonWasm(inputs))) throw new Error(`reference and optimised Poseidon differ for n = ${n}`);
            hashes.push({ inputs: inputs.map(String), hash: toDec(poseidon(inputs)) });
        }
    }

    // A digest of every constant per width, so the Grain-derived constants are checked one by one.
    const constants = poseidonConstants.C.map((c, i) => {
        const m = poseidonConstants.M[i];
        const text = c.map((h) => BigInt(h).toString()).join(",") + ";" + m.map((row) => row.map((h) => BigInt(h).toString()).join(",")).join(";");
        return {
            t: i + 2,
            roundConstantCount: c.length,
            firstRoundConstant: BigInt(c[0]).toString(),
            lastRoundConstant: BigInt(c[c.length - 1]).toString(),
            mds00: BigInt(m[0][0]).toString(),
            sha256: crypto.createHash("sha256").update(text).digest("hex"),
        };
    });

    // BabyJubJub: subgroup points, the full-order generator, the identity and low-order points.
    const identity = [F.e(0), F.e(1)];
    const order2 = [F.e(0), F.e(r - 1n)];
    const pts = [
        identity,
        babyJub.Base8,
        babyJub.Generator,
        order2,
        babyJub.mulPointEscalar(babyJub.Base8, 2n),
        babyJub.mulPointEscalar(babyJub.Base8, l - 1n),
        babyJub.mulPointEscalar(babyJub.Generator, 12345n),
        babyJub.mulPointEscalar(babyJub.Base8, pseudoField("point-a") % l),
        babyJub.mulPointEscalar(babyJub.Base8, pseudoField("point-b") % l),
        babyJub.mulPointEscalar(babyJub.Generator, pseudoField("point-c")),
    ];
    const additions = [];
    for (let i = 0; i < pts.length; i++) {
        for (let j = i; j < pts.length; j += 3) {
            additions.push({ a: point(pts[i]), b: point(pts[j]), sum: point(babyJub.addPoint(pts[i], pts[j])) });
        }
    }
    const scalars = [0n, 1n, 2n, 7n, 8n, l - 1n, l, l + 1n, 8n * l, (1n << 256n) - 1n, pseudoField("scalar-a"), pseudoField("scalar-b") % l];
    const multiplications = [];
    for (const [i, P] of pts.entries()) {
        for (const [j, k] of scalars.entries()) {
            if ((i + j) % 3 !== 0) continue;
            multiplications.push({ point: point(P), scalar: k.toString(), product: point(babyJub.mulPointEscalar(P, k)) });
        }
    }
    const packings = pts.map((P) => ({
        point: point(P),
        packed: hex(babyJub.packPoint(P)),
        inSubgroup: babyJub.inSubgroup(P),
    }));

    // EdDSA-Poseidon over several private keys and messages.
    const keys = [Buffer.alloc(32, 0), Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)), Buffer.alloc(32, 0xff), sha256("key-a"), sha256("key-b")];
    const messages = [0n, 1n, r - 1n, pseudoField("message-a"), pseudoField("message-b")];
    const signatures = [];
    for (const [i, prv] of keys.entries()) {
        const A = eddsa.prv2pub(prv);
        for (const [j, m] of messages.entries()) {
            if (j > 2 && i % 2 === 1) continue;
            const msg = F.e(m);
            const sig = eddsa.signPoseidon(prv, msg);
            signatures.push({
                privateKey: hex(prv),
                publicKey: point(A),
                packedPublicKey: hex(babyJub.packPoint(A)),
                message: m.toString(),
                r8: point(sig.R8),
                s: sig.S.toString(),
                packedSignature: hex(eddsa.packSignature(sig)),
                valid: eddsa.verifyPoseidon(msg, sig, A),
            });
        }
    }

    // What verifyPoseidon refuses: another message, S + l (it satisfies the equation), a shifted R8,
    // a key of small order, a point off the curve.
    const refusals = [];
    {
        const prv = keys[1];
        const A = eddsa.prv2pub(prv);
        const m = messages[3];
        const sig = eddsa.signPoseidon(prv, F.e(m));
        const cases = [
            ["valid", m, sig.R8, sig.S, A],
            ["message + 1", (m + 1n) % r, sig.R8, sig.S, A],
            ["S + l", m, sig.R8, sig.S + l, A],
            ["R8 + Base8", m, babyJub.addPoint(sig.R8, babyJub.Base8), sig.S, A],
            ["A of order 2", m, sig.R8, sig.S, order2],
            ["A off the curve", m, sig.R8, sig.S, [A[0], F.add(A[1], F.one)]],
        ];
        for (const [label, msg, R8, S, key] of cases) {
            refusals.push({ label, message: msg.toString(), r8: point(R8), s: S.toString(), publicKey: point(key), valid: eddsa.verifyPoseidon(F.e(msg), { R8, S }, key) });
        }
    }

    // BLAKE-512 around the 128-byte block and the 112-byte padding boundary.
    const blake512 = [0, 1, 2, 32, 64, 111, 112, 127, 128, 129, 144, 239, 240, 256, 300].map((len) => {
        const msg = len === 1 || len === 144 ? Buffer.alloc(len, 0) : Buffer.from(Array.from({ length: len }, (_, i) => (i * 7 + len) & 0xff));
        return { message: hex(msg), digest: createBlakeHash("blake512").update(msg).digest("hex") };
    });

    const out = {
        source: `circomlibjs ${version("circomlibjs")} (buildPoseidonReference, buildBabyjub, buildEddsa) and blake-hash ${version("blake-hash")}, node ${process.version}; generated by generate.js`,
        poseidon: { constants, hashes },
        babyJubJub: {
            a: toDec(babyJub.A),
            d: toDec(babyJub.D),
            order: babyJub.order.toString(),
            subgroupOrder: l.toString(),
            generator: point(babyJub.Generator),
            base8: point(babyJub.Base8),
            additions,
            multiplications,
            packings,
        },
        eddsaPoseidon: signatures,
        eddsaPoseidonVerifications: refusals,
        blake512,
    };
    fs.writeFileSync(path.join(__dirname, "credentials.json"), JSON.stringify(out, null, 1) + "\n");
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
