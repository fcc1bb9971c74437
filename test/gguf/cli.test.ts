import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeGgufFile } from "../../src/models/gguf/GgufWriter.js";
import { GgufValueType } from "../../src/models/gguf/ggmlTypes.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { runCliCaptured } from "../helpers/captureIO.js";

const run = (argv: string[]) => runCliCaptured(argv);

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), "meditron-gguf-cli-")); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe("meditron model synth", () => {
    it("writes a model and prints path, size, parameters and time", async () => {
        const file = path.join(dir, "tiny.gguf");
        const result = await run(["model", "synth", "--preset", "tiny", "-o", file, "--seed", "7", "--constant-answer", " A"]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain(`path:        ${file}`);
        expect(result.stdout).toMatch(/size: +8\.67 MiB \(\d+ bytes\)/);
        expect(result.stdout).toContain("parameters:  4.18M (4180416)");
        expect(result.stdout).toContain('answer token: 319 (" A")');
        expect(result.stdout).toMatch(/time: +\d+\.\d\d s/);
        // The same seed and options give the same bytes.
        const again = path.join(dir, "tiny-again.gguf");
        await run(["model", "synth", "-o", again, "--seed", "7", "--constant-answer", " A"]);
        expect((await readFile(again)).equals(await readFile(file))).toBe(true);
    });

    it("writes a quantized type on request", async () => {
        const file = path.join(dir, "tiny-q8.gguf");
        const result = await run(["model", "synth", "--preset", "tiny", "--type", "q8_0", "-o", file]);
        expect(result.code, result.stderr).toBe(0);
        const info = await run(["info", file]);
        expect(info.stdout).toMatch(/file type: +MOSTLY_Q8_0 \(7\)/);
    });

    it("rejects bad flags with a usage error", async () => {
        expect((await run(["model", "synth", "--preset", "huge", "-o", path.join(dir, "x.gguf")])).code).not.toBe(0);
        expect((await run(["model", "synth", "--seed", "-3", "-o", path.join(dir, "x.gguf")])).code).not.toBe(0);
        const multi = await run(["model", "synth", "-o", path.join(dir, "x.gguf"), "--constant-answer", " metoprolol"]);
        expect(multi.code).toBe(1);
        expect(multi.stderr).toMatch(/^meditron: constant answer " metoprolol" is not a single token/);
    });
});

describe("meditron info", () => {
    it("describes the tiny model", async () => {
        const model = await syntheticModelPath("tiny");
        const result = await run(["info", model]);
        expect(result.code, result.stderr).toBe(0);
        const out = result.stdout;
        expect(out).toMatch(/architecture: +llama/);
        expect(out).toMatch(/parameters: +4\.18M \(4180416\)/);
        expect(out).toMatch(/file type: +MOSTLY_F16 \(1\)/);
        expect(out).toMatch(/context length: +2048/);
        expect(out).toMatch(/vocabulary: +32017/);
        expect(out).toMatch(/BOS: +1 <s>/);
        expect(out).toMatch(/EOS: +2 <\/s>/);
        expect(out).toMatch(/UNK: +0 <unk>/);
        expect(out).toMatch(/PAD: +32004 <PAD>/);
        expect(out).toContain("added tokens:   17: 32000 <CLS>, 32001 <SEP>, 32002 <EOD>");
        expect(out).toContain("32016 [/formula]");
        expect(out).toMatch(/tensors: +21/);
        expect(out).toMatch(/file size: +8\.67 MiB/);
    });

    it("--json is machine-readable", async () => {
        const model = await syntheticModelPath("tiny");
        const result = await run(["info", model, "--json"]);
        expect(result.code).toBe(0);
        const json = JSON.parse(result.stdout) as Record<string, unknown>;
        expect(json).toMatchObject({
            architecture: "llama", parameterCount: 4180416, fileType: { id: 1, name: "MOSTLY_F16" }, contextLength: 2048,
            vocabularySize: 32017, tensorCount: 21, specialTokens: { bos: { id: 1, text: "<s>" }, pad: { id: 32004, text: "<PAD>" } }
        });
        expect((json.addedTokens as unknown[]).length).toBe(17);
    });

    describe("bad files: one line naming the file and the problem, exit 1, no stack", () => {
        const expectOneLineError = (result: { code: number; stdout: string; stderr: string }, file: string, pattern: RegExp) => {
            expect(result.code).toBe(1);
            expect(result.stdout).toBe("");
            expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
            expect(result.stderr).toContain(file);
            expect(result.stderr).toMatch(pattern);
            expect(result.stderr).not.toMatch(/\n\s+at /);
        };

        it("not a GGUF file", async () => {
            const file = path.join(dir, "notes.gguf");
            await writeFile(file, "PK\u0003\u0004 this is a zip");
            expectOneLineError(await run(["info", file]), file, /not a GGUF file \(magic/);
        });

        it("truncated", async () => {
            const file = path.join(dir, "cut.gguf");
            const full = await readFile(await syntheticModelPath("tiny"));
            await writeFile(file, full.subarray(0, 2_000_000));
            expectOneLineError(await run(["info", file]), file, /truncated at byte 2000000/);
        });

        it("an unsupported GGUF version", async () => {
            const file = path.join(dir, "v1.gguf");
            const full = await readFile(await syntheticModelPath("tiny"));
            const copy = Buffer.from(full.subarray(0, 4096));
            copy.writeUInt32LE(1, 4);
            await writeFile(file, copy);
            expectOneLineError(await run(["info", file]), file, /unsupported GGUF version 1/);
        });

        it("an architecture llama.cpp cannot run", async () => {
            const file = path.join(dir, "foo.gguf");
            await writeGgufFile(file, {
                metadata: new Map([["general.architecture", { type: GgufValueType.STRING, value: "foo" }]]),
                tensors: []
            });
            expectOneLineError(await run(["info", file]), file, /architecture "foo" is not one llama.cpp can run/);
        });

        it("a missing file", async () => {
            const file = path.join(dir, "missing.gguf");
            expectOneLineError(await run(["info", file]), file, /cannot open model file/);
        });

        it("--verbose shows the stack", async () => {
            const file = path.join(dir, "notes2.gguf");
            await writeFile(file, "not a model");
            const result = await run(["--verbose", "info", file]);
            expect(result.code).toBe(1);
            expect(result.stderr).toMatch(/\n\s+at /);
        });
    });
});
