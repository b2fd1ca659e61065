// Credential encoding test vectors from an independent JavaScript reference (circomlibjs 0.1.7).
//
// For each case below it computes, from the written specification of the credential encoding (not from the C#
// code it checks):
//   - each attribute's field encoding:
//       string  : UTF-8 bytes (at most 31, no NUL) read as one big-endian unsigned integer; "" -> 0
//       integer : signed 64-bit v -> v + 2^63
//       date    : "YYYY-MM-DD" -> days since 0001-01-01 in the proleptic Gregorian calendar
//       boolean : false -> 0, true -> 1
//   - the schema digest: h0 = Poseidon(enc("credentialhub.schema.v1"), enc(type), n), then for each attribute
//     h = Poseidon(h, enc(name), code) with codes string 1, integer 2, date 3, boolean 4;
//   - the 16 slots (encodings, zeros, the schema digest in slot 15);
//   - the message m = Poseidon(Poseidon(slots[0..15]), enc_date(expires_on));
//   - the issuer's public key (eddsa.prv2pub) and EdDSA-Poseidon signature (eddsa.signPoseidon) over m,
//     checked with eddsa.verifyPoseidon.
// Poseidon is circomlibjs's buildPoseidon (circomlib's Poseidon), cross-checked against buildPoseidonReference.
// Day numbers come from a civil-date algorithm, cross-checked against JavaScript's Date (UTC).
// Everything is fixed input: a rerun reproduces the output byte for byte.
//
// Run from the repository root (after `npm ci`; circomlibjs 0.1.7 is pinned by package-lock.json):
//   node tests/Credentials.Tests/vectors/generate.js > tests/Credentials.Tests/vectors/credentials.json
"use strict";
const { buildPoseidon, buildPoseidonReference, buildEddsa } = require("circomlibjs");
// Its "exports" map hides package.json from require(); read it from the package folder instead.
const circomlibjsVersion = JSON.parse(
    require("fs").readFileSync(require("path").join(require("path").dirname(require.resolve("circomlibjs")), "..", "package.json"), "utf8"),
).version;

const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const MAX_STRING_BYTES = 31;
const SLOTS = 16;
const DOMAIN = "credentialhub.schema.v1";
const TYPE_CODES = { string: 1n, integer: 2n, date: 3n, boolean: 4n };

function fail(message) {
    throw new Error(message);
}

// ---- attribute encodings -------------------------------------------------------------------------------------

function utf8(text) {
    // TextEncoder would silently replace a lone surrogate; refuse it instead.
    if (!text.isWellFormed()) fail(`not well-formed Unicode: ${JSON.stringify(text)}`);
    return Buffer.from(text, "utf8");
}

function encodeString(text) {
    const bytes = utf8(text);
    if (bytes.length > MAX_STRING_BYTES) fail(`string of ${bytes.length} bytes`);
    if (bytes.includes(0)) fail("string with NUL");
    return bytes.length === 0 ? 0n : BigInt("0x" + bytes.toString("hex"));
}

function encodeInteger(v) {
    if (typeof v !== "bigint" || v < -(1n << 63n) || v >= 1n << 63n) fail(`not a signed 64-bit integer: ${v}`);
    return v + (1n << 63n);
}

// Days from 0001-01-01 in the proleptic Gregorian calendar, counted directly: whole years, then whole months.
const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLengths = (y) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function parseDate(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? fail(`not YYYY-MM-DD: ${text}`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > monthLengths(y)[mo - 1]) fail(`no such date: ${text}`);
    return [y, mo, d];
}

function dayNumber(text) {
    const [y, mo, d] = parseDate(text);
    const prior = y - 1;
    let days = prior * 365 + Math.floor(prior / 4) - Math.floor(prior / 100) + Math.floor(prior / 400);
    const lengths = monthLengths(y);
    for (let i = 0; i < mo - 1; i++) days += lengths[i];
    days += d - 1;
    // Cross-check with JavaScript's Date (proleptic Gregorian, UTC; setUTCFullYear keeps years 1–99 literal).
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    const epoch = new Date(0);
    epoch.setUTCFullYear(1, 0, 1);
    if ((date.getTime() - epoch.getTime()) / 86400000 !== days) fail(`day number mismatch for ${text}`);
    return BigInt(days);
}

function encode(type, value) {
    switch (type) {
        case "string":
            return encodeString(value);
        case "integer":
            return encodeInteger(value);
        case "date":
            return dayNumber(value);
        case "boolean":
            if (typeof value !== "boolean") fail("boolean expected");
            return value ? 1n : 0n;
        default:
            fail(`unknown type ${type}`);
    }
}

// ---- cases ----------------------------------------------------------------------------------------------------

const key1 = Buffer.from("test-key-credentials-vectors-001", "ascii");
const key2 = Buffer.from("test-key-credentials-vectors-002", "ascii");

const drivingLicence = {
    type: "DrivingLicence",
    attributes: [
        { name: "name", type: "string", value: "Alice Example" },
        { name: "birth_date", type: "date", value: "1990-05-17" },
        { name: "nationality", type: "string", value: "NLD" },
        { name: "licence_class", type: "string", value: "B" },
        { name: "score", type: "integer", value: 650n },
    ],
    expires_on: "2028-11-21",
};

// 31 bytes exactly: 2-byte (ë, Å, ö, Ü) and 3-byte (☃) UTF-8 sequences; the assertion below checks the count.
const longString = "Zoë Ångström-Ünal ☃☃☃";

const edgeValues = {
    type: "EdgeValues",
    attributes: [
        { name: "empty", type: "string", value: "" },
        { name: "full", type: "string", value: longString },
        { name: "astral", type: "string", value: "\u{1D11E} clef \u{1F600}" },
        { name: "int_min", type: "integer", value: -9223372036854775808n },
        { name: "int_minus_one", type: "integer", value: -1n },
        { name: "int_zero", type: "integer", value: 0n },
        { name: "int_max", type: "integer", value: 9223372036854775807n },
        { name: "date_min", type: "date", value: "0001-01-01" },
        { name: "date_before_epoch", type: "date", value: "1969-12-31" },
        { name: "date_epoch", type: "date", value: "1970-01-01" },
        { name: "date_leap", type: "date", value: "2000-02-29" },
        { name: "date_max", type: "date", value: "9999-12-31" },
        { name: "flag_false", type: "boolean", value: false },
        { name: "flag_true", type: "boolean", value: true },
    ],
    expires_on: "9999-12-31",
};

const cycleTypes = ["string", "integer", "date", "boolean"];
const cycleValue = (type, i) =>
    ({
        string: `value ${i}`,
        integer: BigInt(i) * 1000003n - 7000000n,
        date: `${String(1900 + i * 7).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}-${String(((i * 3) % 28) + 1).padStart(2, "0")}`,
        boolean: i % 8 < 4,
    })[type];
const maximum = {
    type: "MaximumAttributes",
    attributes: Array.from({ length: 15 }, (_, i) => {
        const type = cycleTypes[i % 4];
        return { name: `a${String(i).padStart(2, "0")}_${type}`, type, value: cycleValue(type, i) };
    }),
    expires_on: "2031-01-31",
};

const cases = [
    { label: "driving licence", ...drivingLicence, private_key: key1 },
    { label: "edge values", ...edgeValues, private_key: key1 },
    { label: "maximum attributes", ...maximum, private_key: key1 },
    { label: "driving licence, second key", ...drivingLicence, private_key: key2 },
];

// ---- output ---------------------------------------------------------------------------------------------------

// JSON with 64-bit integers written exactly (JSON.stringify cannot write a BigInt).
function toJson(value, indent = "") {
    const inner = indent + "  ";
    if (typeof value === "bigint") return value.toString();
    if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        return "[\n" + value.map((v) => inner + toJson(v, inner)).join(",\n") + "\n" + indent + "]";
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value);
        if (entries.length === 0) return "{}";
        return "{\n" + entries.map(([k, v]) => inner + JSON.stringify(k) + ": " + toJson(v, inner)).join(",\n") + "\n" + indent + "}";
    }
    return JSON.stringify(value);
}

async function main() {
    const poseidon = await buildPoseidon();
    const poseidonReference = await buildPoseidonReference();
    const eddsa = await buildEddsa();
    const F = poseidon.F;
    const hash = (inputs) => {
        inputs.forEach((x) => (x >= 0n && x < r) || fail(`input not in the field: ${x}`));
        const h = poseidon(inputs.map((x) => F.e(x)));
        if (!F.eq(h, poseidonReference(inputs.map((x) => F.e(x))))) fail("optimised and reference Poseidon differ");
        return F.toObject(h);
    };

    // Self-checks of the encodings against the specification's examples.
    if (utf8(longString).length !== 31) fail(`long string is ${utf8(longString).length} bytes`);
    if (dayNumber("0001-01-01") !== 0n || dayNumber("1970-01-01") !== 719162n) fail("day number examples");
    if (encodeInteger(-(1n << 63n)) !== 0n || encodeInteger(0n) !== 1n << 63n || encodeInteger((1n << 63n) - 1n) !== (1n << 64n) - 1n) fail("integer examples");
    if (encodeString("") !== 0n || encodeString("A") !== 65n || encodeString("AB") !== 0x4142n) fail("string examples");

    const out = [];
    for (const c of cases) {
        const n = c.attributes.length;
        if (n < 1 || n > SLOTS - 1) fail(`${c.label}: ${n} attributes`);
        const encodings = c.attributes.map((a) => encode(a.type, a.value));

        let digest = hash([encodeString(DOMAIN), encodeString(c.type), BigInt(n)]);
        for (const a of c.attributes) digest = hash([digest, encodeString(a.name), TYPE_CODES[a.type]]);

        const slots = Array(SLOTS).fill(0n);
        encodings.forEach((e, i) => (slots[i] = e));
        slots[SLOTS - 1] = digest;

        const message = hash([hash(slots), dayNumber(c.expires_on)]);

        const A = eddsa.prv2pub(c.private_key);
        const signature = eddsa.signPoseidon(c.private_key, F.e(message));
        if (!eddsa.verifyPoseidon(F.e(message), signature, A)) fail(`${c.label}: signature does not verify`);

        out.push({
            label: c.label,
            type: c.type,
            attributes: c.attributes.map((a) => ({ name: a.name, type: a.type, value: a.value })),
            expires_on: c.expires_on,
            expires_on_day_number: dayNumber(c.expires_on).toString(),
            encodings: encodings.map(String),
            schema_digest: digest.toString(),
            slots: slots.map(String),
            message: message.toString(),
            private_key_hex: c.private_key.toString("hex"),
            public_key: { Ax: F.toObject(A[0]).toString(), Ay: F.toObject(A[1]).toString() },
            signature: {
                R8x: F.toObject(signature.R8[0]).toString(),
                R8y: F.toObject(signature.R8[1]).toString(),
                S: signature.S.toString(),
            },
        });
    }

    const [first, , , second] = out;
    if (first.message !== second.message || first.signature.S === second.signature.S || first.public_key.Ax === second.public_key.Ax) {
        fail("the second-key case should sign the same message with a different key");
    }

    process.stdout.write(
        toJson({
            description: "Credential encoding vectors (attribute encodings, schema digest, slots, message, EdDSA-Poseidon signature); generated data, do not edit: regenerate with generate.js",
            generator: "tests/Credentials.Tests/vectors/generate.js",
            circomlibjs: circomlibjsVersion,
            field_modulus: r.toString(),
            cases: out,
        }) + "\n",
    );
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
