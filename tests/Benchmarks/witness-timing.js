// Witness generation in node without process start-up, the counterpart of `CredentialHub.Benchmarks
// witness-timing`: loads circom's witness_calculator.js next to circuit.wasm, then times the module load
// (WebAssembly compile + instantiate), the first calculateWTNSBin and the median of the warm ones.
// Usage: node witness-timing.js <circuit.wasm> <input.json> [runs=20]
"use strict";
const fs = require("fs");
const path = require("path");

const [wasmPath, inputPath, runsArg] = process.argv.slice(2);
if (!wasmPath || !inputPath) {
    console.error("usage: node witness-timing.js <circuit.wasm> <input.json> [runs=20]");
    process.exit(2);
}
const builder = require(path.resolve(path.dirname(wasmPath), "witness_calculator.js"));
const ms = (from, to) => Number(to - from) / 1e6;

(async () => {
    const t0 = process.hrtime.bigint();
    const calculator = await builder(fs.readFileSync(wasmPath));
    const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
    const t1 = process.hrtime.bigint();
    const wtns = await calculator.calculateWTNSBin(input, 0);
    const t2 = process.hrtime.bigint();
    const warm = [];
    for (let i = 0; i < Number(runsArg || 20); i++) {
        const s = process.hrtime.bigint();
        await calculator.calculateWTNSBin(input, 0);
        warm.push(ms(s, process.hrtime.bigint()));
    }
    warm.sort((a, b) => a - b);
    const values = (wtns.length - 76) / 32;
    console.log(`node         witness of ${values} values: load ${ms(t0, t1).toFixed(0)} ms, first run ${ms(t1, t2).toFixed(0)} ms, ` +
        `warm median ${warm[warm.length >> 1].toFixed(0)} ms (min ${warm[0].toFixed(0)}, ${warm.length} runs)`);
})();
