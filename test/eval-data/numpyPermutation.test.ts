import { describe, expect, it } from "vitest";
import { numpyPermutation } from "../../src/eval/shots/numpyPermutation.js";
import { Pcg64 } from "../../src/eval/shots/Pcg64.js";
import { PythonRandom } from "../../src/eval/shots/PythonRandom.js";
import { SeedSequence } from "../../src/eval/shots/SeedSequence.js";
import { selectShots } from "../../src/eval/shots/selectShots.js";
import { findNumpyPython, NUMPY_MISSING, runPython } from "./findNumpyPython.js";

const SEEDS: Array<number | bigint> = [1234, 432, 32, 0, 42, 2n ** 32n + 5n];
const SIZES = [5, 10, 100, 1000, 10178, 182822];

/** numpy computed at test time, never stored: the reference is the installed numpy itself. */
function numpyReference(python: string): Record<string, number[]> {
    const code = `
import json, numpy as np
seeds = [${SEEDS.map(String).join(", ")}]
sizes = [${SIZES.join(", ")}]
out = {}
for s in seeds:
    for n in sizes:
        out[f"{s}:{n}"] = np.random.default_rng(s).permutation(n).tolist()
print(json.dumps(out))`;
    return JSON.parse(runPython(python, code)) as Record<string, number[]>;
}

describe("numpy default_rng(seed).permutation(n) in TypeScript", () => {
    const python = findNumpyPython();

    it("finds a Python with numpy to compare against", () => {
        expect(python, NUMPY_MISSING).toBeDefined();
    });

    it("matches numpy element for element for every seed and size", () => {
        if (python === undefined) throw new Error(NUMPY_MISSING);
        const reference = numpyReference(python);
        for (const seed of SEEDS) {
            for (const n of SIZES) {
                const ours = numpyPermutation(n, seed);
                const theirs = reference[`${seed}:${n}`]!;
                expect(ours.length).toBe(n);
                expect(theirs.length).toBe(n);
                // Compare whole arrays, but report the first differing index helpfully.
                const firstDiff = ours.findIndex((value, index) => value !== theirs[index]);
                expect(firstDiff, `seed ${seed} n ${n}: first difference at index ${firstDiff}`).toBe(-1);
            }
        }
    });

    it("matches SeedSequence.generate_state and PCG64 raw draws (uint64 and buffered uint32)", () => {
        if (python === undefined) throw new Error(NUMPY_MISSING);
        const code = `
import json, numpy as np
out = {}
for s in [${SEEDS.map(String).join(", ")}]:
    ss = np.random.SeedSequence(s)
    g = np.random.PCG64(s)
    raw = [int(x) for x in g.random_raw(5)]
    out[str(s)] = {"state32": [int(x) for x in ss.generate_state(8)], "state64": [str(int(x)) for x in ss.generate_state(4, np.uint64)], "raw": [str(x) for x in raw]}
print(json.dumps(out))`;
        const reference = JSON.parse(runPython(python, code)) as Record<string, { state32: number[]; state64: string[]; raw: string[] }>;
        for (const seed of SEEDS) {
            const expected = reference[String(seed)]!;
            const sequence = new SeedSequence(seed);
            expect([...sequence.generateState32(8)]).toEqual(expected.state32);
            expect(sequence.generateState64(4).map(String)).toEqual(expected.state64);
            const rng = new Pcg64(seed);
            expect([0, 1, 2, 3, 4].map(() => String(rng.next64()))).toEqual(expected.raw);
            // next32 halves each 64-bit draw: low word first, then the buffered high word.
            const halves = new Pcg64(seed);
            const first = BigInt(expected.raw[0]!);
            expect(halves.next32()).toBe(Number(first & 0xffffffffn));
            expect(halves.next32()).toBe(Number(first >> 32n));
        }
    });

    it("selectShots is pool.shuffle(seed).select(range(k)) and skips an excluded row", () => {
        if (python === undefined) throw new Error(NUMPY_MISSING);
        const pool = Array.from({ length: 50 }, (_, i) => `row${i}`);
        const permutation = JSON.parse(runPython(python, "import numpy as np, json; print(json.dumps(np.random.default_rng(1234).permutation(50).tolist()))")) as number[];
        expect(selectShots({ pool, k: 3, seed: 1234 })).toEqual(permutation.slice(0, 3).map((i) => `row${i}`));
        const excluded = `row${permutation[1]}`;
        expect(selectShots({ pool, k: 3, seed: 1234, exclude: (row) => row === excluded })).toEqual(
            [permutation[0], permutation[2], permutation[3]].map((i) => `row${i}`)
        );
        expect(() => selectShots({ pool: ["a"], k: 2, seed: 1 })).toThrow(/not enough shot rows/);
    });
});

describe("CPython random (TruthfulQA distractors)", () => {
    it("matches random.seed(s); choices(k=3); shuffle; random() draw for draw", () => {
        const code = `
import json, random
out = {}
for s in [0, 1234, 432, 4294967301]:
    r = random.Random(s)
    seq = []
    for n in [1, 2, 5, 12]:
        pop = list(range(n))
        seq.append(r.choices(pop, k=3))
        x = list(range(n + 3)); r.shuffle(x); seq.append(x)
    seq.append([r.random()])
    out[str(s)] = seq
print(json.dumps(out))`;
        const reference = JSON.parse(runPython("python3", code)) as Record<string, number[][]>;
        for (const seed of [0, 1234, 432, 4294967301]) {
            const rng = new PythonRandom(seed);
            const ours: number[][] = [];
            for (const n of [1, 2, 5, 12]) {
                ours.push(rng.choices(Array.from({ length: n }, (_, i) => i), 3));
                const x = Array.from({ length: n + 3 }, (_, i) => i);
                rng.shuffle(x);
                ours.push(x);
            }
            ours.push([rng.random()]);
            expect(ours).toEqual(reference[String(seed)]);
        }
    });
});
