import type { Token } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama, LlamaCompletion, LlamaLogLevel, readGgufFileInfo, type Llama } from "node-llama-cpp";
import llamaTokenizer from "llama-tokenizer-js";
import { synthesizeModel } from "../../src/models/gguf/synthesizeModel.js";
import { readGgufFile } from "../../src/models/gguf/readGgufFile.js";
import { MEDITRON_ADDED_TOKENS } from "../../src/models/gguf/meditronVocabulary.js";
import type { LlamaShape } from "../../src/models/gguf/modelPresets.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

let dir: string;
let llama: Llama;
beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "meditron-synth-"));
    llama = await getLlama({ gpu: false, maxThreads: 1, build: "never", logLevel: LlamaLogLevel.error });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const sha256 = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");
/** A scaled-down shape, so quantized models are quick to write and run in tests. */
const scaledDown: Partial<LlamaShape> = { layers: 2, embeddingLength: 128, feedForwardLength: 256, headCount: 4, headCountKv: 4 };

describe("synthesizeModel", () => {
    it("is byte-deterministic for a seed and differs between seeds", async () => {
        const a = await synthesizeModel({ outputPath: path.join(dir, "a.gguf"), seed: 42 });
        const b = await synthesizeModel({ outputPath: path.join(dir, "b.gguf"), seed: 42 });
        const c = await synthesizeModel({ outputPath: path.join(dir, "c.gguf"), seed: 43 });
        expect(await sha256(a.path)).toBe(await sha256(b.path));
        expect(await sha256(a.path)).not.toBe(await sha256(c.path));
        expect(a.sizeBytes).toBe(c.sizeBytes);
        expect(a.parameterCount).toBe(2 * 64 * 32017 + 2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64);
    });

    it("writes a file that node-llama-cpp's GGUF reader reads back independently", async () => {
        const result = await synthesizeModel({ outputPath: path.join(dir, "tiny.gguf") });
        const info = await readGgufFileInfo(result.path, { logWarnings: false });
        const meta = info.metadata;
        expect(meta.general.architecture).toBe("llama");
        expect(meta.general.file_type).toBe(1);
        expect(info.tensorCount).toBe(result.tensorCount);
        const tokenizer = meta.tokenizer.ggml as unknown as { tokens: string[]; scores: number[]; token_type: number[]; padding_token_id: number };
        expect(tokenizer.tokens.length).toBe(32017);
        expect(tokenizer.tokens.slice(32000)).toEqual(MEDITRON_ADDED_TOKENS);
        // Score rule: ids < 259 -> 0; only-"▁" pieces -> -1e9; others -(id - 259).
        expect(tokenizer.scores[0]).toBe(0);
        expect(tokenizer.scores[258]).toBe(0);
        expect(tokenizer.scores[259]).toBe(-1e9); // "▁▁"
        expect(tokenizer.scores[260]).toBe(-1); // "▁t"
        expect(tokenizer.scores[31999]).toBe(-(31999 - 259));
        expect(tokenizer.token_type.slice(0, 4)).toEqual([2, 3, 3, 6]);
        expect(tokenizer.token_type[32005]).toBe(3);
        expect(tokenizer.padding_token_id).toBe(32004);
        const ours = await readGgufFile(result.path);
        expect(info.tensorInfo?.map((t) => t.fileOffset)).toEqual(ours.tensors.map((t) => t.fileOffset));
    });

    it("stops on abort and leaves no file behind", async () => {
        const controller = new AbortController();
        const file = path.join(dir, "aborted.gguf");
        const run = synthesizeModel({
            outputPath: file, preset: "small", signal: controller.signal,
            onProgress: (done) => { if (done > 10_000_000) controller.abort(new Error("stop")); }
        });
        await expect(run).rejects.toThrow("stop");
        const { readdir } = await import("node:fs/promises");
        expect((await readdir(dir)).filter((name) => name.startsWith("aborted"))).toEqual([]);
    });

    it("refuses a constant answer that is more than one token", async () => {
        await expect(synthesizeModel({ outputPath: path.join(dir, "x.gguf"), constantAnswer: " metoprolol" })).rejects.toThrow(/not a single token/);
    });

    for (const type of ["q8_0", "q4_0"] as const) {
        it(`${type}: a scaled-down quantized model loads and generates`, async () => {
            const result = await synthesizeModel({ outputPath: path.join(dir, `${type}.gguf`), preset: "small", type, shape: scaledDown });
            const gguf = await readGgufFile(result.path);
            expect(gguf.metadata.get("general.file_type")).toBe(type === "q8_0" ? 7 : 2);
            expect(gguf.tensors.find((t) => t.name === "blk.0.ffn_up.weight")?.typeName).toBe(type.toUpperCase());
            const model = await llama.loadModel({ modelPath: result.path });
            const context = await model.createContext({ contextSize: 128 });
            try {
                const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
                const out = await completion.generateCompletionWithMeta("The patient presents with", { maxTokens: 8, temperature: 0 });
                expect(out.metadata.stopReason).toBe("maxTokens");
                expect(out.response.length).toBeGreaterThan(0);
            } finally {
                await context.dispose();
                await model.dispose();
            }
        });
    }

    it("the full small preset (Q8_0, ~106M parameters) loads and generates", async () => {
        const file = await syntheticModelPath("small");
        const gguf = await readGgufFile(file);
        expect(gguf.tensors.reduce((sum, t) => sum + t.elementCount, 0)).toBe(105_814_272);
        expect(gguf.metadata.get("general.file_type")).toBe(7);
        const model = await llama.loadModel({ modelPath: file });
        const context = await model.createContext({ contextSize: 128 });
        try {
            const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
            const out = await completion.generateCompletionWithMeta("Chest pain radiating to the left arm suggests", { maxTokens: 4, temperature: 0 });
            expect(out.metadata.stopReason).toBe("maxTokens");
        } finally {
            await context.dispose();
            await model.dispose();
        }
    });

    it("a quantized constant-answer model still answers its token", async () => {
        const result = await synthesizeModel({ outputPath: path.join(dir, "q4-yes.gguf"), preset: "small", type: "q4_0", shape: scaledDown, constantAnswer: " yes" });
        expect(result.constantAnswerTokenId).toBe(4874);
        const model = await llama.loadModel({ modelPath: result.path });
        const context = await model.createContext({ contextSize: 128 });
        try {
            const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
            const prompt = "Is aspirin an NSAID? Answer:";
            const out = await completion.generateCompletion(prompt, { maxTokens: 3, temperature: 0 });
            // node-llama-cpp detokenizes the completion on its own, so SentencePiece drops the first
            // token's leading space; in context the text is " yes yes yes".
            expect(out).toBe("yes yes yes");
            expect(model.detokenize([4874, 4874, 4874] as unknown as Token[], false, model.tokenize(prompt))).toBe(" yes yes yes");
        } finally {
            await context.dispose();
            await model.dispose();
        }
    });

    it("the tokenizer matches llama-tokenizer-js on medical text (leading-space rule)", async () => {
        const result = await synthesizeModel({ outputPath: path.join(dir, "tok.gguf") });
        const model = await llama.loadModel({ modelPath: result.path, vocabOnly: true });
        const sentences = [
            "A 45-year-old man presents with crushing substernal chest pain radiating to the left arm.",
            "SpO₂ 88% on room air; HR 112 bpm, BP 90/60 mmHg — start O₂ and reassess.",
            "Metformin 500 mg PO BID\n\tcontraindicated if eGFR < 30 mL/min/1.73 m²",
            "Fièvre, céphalées et raideur de la nuque: suspicion de méningite. 髄膜炎 🤒",
            "  Double  spaces and trailing ↓ arrows  "
        ];
        try {
            for (const text of sentences) {
                // llama.cpp adds SentencePiece's dummy prefix space; llama-tokenizer-js does with addPrecedingSpace.
                expect(model.tokenize(text)).toEqual(llamaTokenizer.encode(text, false, true));
                expect(model.detokenize(model.tokenize(text))).toBe(text);
            }
        } finally {
            await model.dispose();
        }
    });
});
