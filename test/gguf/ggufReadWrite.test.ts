import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { writeGgufFile, type GgufTypedValue } from "../../src/models/gguf/GgufWriter.js";
import { readGgufFile } from "../../src/models/gguf/readGgufFile.js";
import { GgmlType, GgufValueType } from "../../src/models/gguf/ggmlTypes.js";
import { UserError } from "../../src/util/errors.js";

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), "meditron-gguf-rw-")); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** A small file with every scalar KV type, arrays, and tensors whose sizes are not multiples of 32. */
async function writeSample(file: string, architecture = "llama"): Promise<number> {
    const metadata = new Map<string, GgufTypedValue>([
        ["general.architecture", { type: GgufValueType.STRING, value: architecture }],
        ["test.u8", { type: GgufValueType.UINT8, value: 200 }],
        ["test.i8", { type: GgufValueType.INT8, value: -100 }],
        ["test.u16", { type: GgufValueType.UINT16, value: 60000 }],
        ["test.i16", { type: GgufValueType.INT16, value: -30000 }],
        ["test.u32", { type: GgufValueType.UINT32, value: 4000000000 }],
        ["test.i32", { type: GgufValueType.INT32, value: -2000000000 }],
        ["test.f32", { type: GgufValueType.FLOAT32, value: 0.5 }],
        ["test.f64", { type: GgufValueType.FLOAT64, value: Math.PI }],
        ["test.u64", { type: GgufValueType.UINT64, value: 2n ** 40n }],
        ["test.i64", { type: GgufValueType.INT64, value: -(2n ** 62n) }],
        ["test.bool", { type: GgufValueType.BOOL, value: true }],
        ["test.str", { type: GgufValueType.STRING, value: "héllo ▁wörld" }],
        ["test.strings", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: ["a", "", "[bib_ref]"] }],
        ["test.ints", { type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: [1, -2, 3] }]
    ]);
    const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
    return writeGgufFile(file, {
        metadata,
        tensors: [
            { name: "a", dims: [3], type: GgmlType.F32, byteLength: 12, produce: async (sink) => sink(bytes(12, 1)) },
            { name: "b", dims: [5, 2], type: GgmlType.F16, byteLength: 20, produce: async (sink) => { await sink(bytes(7, 2)); await sink(bytes(13, 2)); } },
            { name: "c", dims: [32, 2], type: GgmlType.Q8_0, byteLength: 68, produce: async (sink) => sink(bytes(68, 3)) }
        ]
    });
}

describe("GGUF writer and reader", () => {
    it("round-trips every value type, tensor infos and 32-byte aligned data", async () => {
        const file = path.join(dir, "sample.gguf");
        const size = await writeSample(file);
        const gguf = await readGgufFile(file);
        expect(gguf.version).toBe(3);
        expect(gguf.fileSize).toBe(size);
        expect(gguf.alignment).toBe(32);
        expect(gguf.dataOffset % 32).toBe(0);
        expect(Object.fromEntries(gguf.metadata)).toEqual({
            "general.architecture": "llama", "test.u8": 200, "test.i8": -100, "test.u16": 60000, "test.i16": -30000,
            "test.u32": 4000000000, "test.i32": -2000000000, "test.f32": 0.5, "test.f64": Math.PI, "test.u64": 2 ** 40,
            "test.i64": -(2n ** 62n), "test.bool": true, "test.str": "héllo ▁wörld", "test.strings": ["a", "", "[bib_ref]"],
            "test.ints": [1, -2, 3]
        });
        expect(gguf.tensors.map((t) => [t.name, t.dims, t.typeName, t.byteLength])).toEqual([
            ["a", [3], "F32", 12], ["b", [5, 2], "F16", 20], ["c", [32, 2], "Q8_0", 68]
        ]);
        const data = await readFile(file);
        for (const [i, tensor] of gguf.tensors.entries()) {
            expect(tensor.fileOffset % 32).toBe(0);
            expect([...data.subarray(tensor.fileOffset, tensor.fileOffset + tensor.byteLength)].every((b) => b === i + 1)).toBe(true);
        }
        expect(size).toBe(gguf.tensors.at(-1)!.fileOffset + 96); // 68 bytes padded to 96
    });

    it("agrees with node-llama-cpp's independent GGUF reader", async () => {
        const file = path.join(dir, "sample2.gguf");
        await writeSample(file);
        const ours = await readGgufFile(file);
        const theirs = await readGgufFileInfo(file, { logWarnings: false });
        expect(theirs.version).toBe(3);
        expect(theirs.tensorCount).toBe(3);
        const meta = theirs.metadata as unknown as { test: Record<string, unknown> };
        expect(meta.test.u16).toBe(60000);
        expect(meta.test.str).toBe("héllo ▁wörld");
        expect(meta.test.strings).toEqual(["a", "", "[bib_ref]"]);
        expect(theirs.tensorInfo?.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, t.fileOffset])).toEqual(
            ours.tensors.map((t) => [t.name, t.dims, t.type, t.fileOffset])
        );
    });

    describe("rejects bad files with a UserError naming the file and the problem", () => {
        const expectError = async (file: string, pattern: RegExp) => {
            const error = await readGgufFile(file).then(() => undefined, (e: unknown) => e);
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).toContain(file);
            expect((error as Error).message).toMatch(pattern);
        };

        it("not a GGUF file: shows the magic found", async () => {
            const file = path.join(dir, "notes.txt");
            await writeFile(file, "hello world");
            await expectError(file, /not a GGUF file \(magic "hell"/);
        });

        it("truncated: says at which byte, in the metadata and in the tensor data", async () => {
            const file = path.join(dir, "full.gguf");
            const size = await writeSample(file);
            const data = await readFile(file);
            const cutHeader = path.join(dir, "cut-header.gguf");
            await writeFile(cutHeader, data.subarray(0, 100));
            await expectError(cutHeader, /truncated at byte 100/);
            const cutData = path.join(dir, "cut-data.gguf");
            await writeFile(cutData, data.subarray(0, size - 40));
            await expectError(cutData, new RegExp(`truncated at byte ${size - 40}.*tensor "c"`));
        });

        it("unsupported version", async () => {
            const file = path.join(dir, "v9.gguf");
            await writeSample(file);
            const handle = await open(file, "r+");
            await handle.write(Buffer.from([9, 0, 0, 0]), 0, 4, 4);
            await handle.close();
            await expectError(file, /unsupported GGUF version 9/);
        });

        it("an architecture llama.cpp cannot run", async () => {
            const file = path.join(dir, "foo.gguf");
            await writeSample(file, "foo");
            await expectError(file, /architecture "foo" is not one llama.cpp can run/);
            expect((await readGgufFile(file, { requireRunnableArchitecture: false })).metadata.get("general.architecture")).toBe("foo");
        });

        it("a missing file", async () => {
            await expectError(path.join(dir, "missing.gguf"), /cannot open model file \(ENOENT\)/);
        });
    });
});
