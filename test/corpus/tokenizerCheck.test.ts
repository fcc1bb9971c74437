import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeGgufFile, type GgufTypedValue } from "../../src/models/gguf/GgufWriter.js";
import { GgufValueType } from "../../src/models/gguf/ggmlTypes.js";
import { meditronVocabulary } from "../../src/models/gguf/meditronVocabulary.js";
import { loadLlamaTokenizer } from "../../src/models/llama-cpp/loadTokenizer.js";
import { verifyMeditronVocabulary } from "../../src/corpus/tokenize/verifyMeditronVocabulary.js";
import { UserError } from "../../src/util/errors.js";

/** A vocabulary-only GGUF with plain Llama-2's 32,000 pieces: no MediTron tokens. */
async function writeLlama2OnlyVocab(file: string): Promise<void> {
    const v = await meditronVocabulary();
    const n = 32000;
    const u32 = (value: number): GgufTypedValue => ({ type: GgufValueType.UINT32, value });
    const metadata = new Map<string, GgufTypedValue>([
        ["general.architecture", { type: GgufValueType.STRING, value: "llama" }],
        ["llama.context_length", u32(256)], ["llama.embedding_length", u32(64)], ["llama.block_count", u32(1)],
        ["llama.feed_forward_length", u32(128)], ["llama.attention.head_count", u32(4)], ["llama.attention.head_count_kv", u32(4)],
        ["llama.attention.layer_norm_rms_epsilon", { type: GgufValueType.FLOAT32, value: 1e-5 }], ["llama.vocab_size", u32(n)],
        ["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "llama" }],
        ["tokenizer.ggml.tokens", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: v.tokens.slice(0, n) }],
        ["tokenizer.ggml.scores", { type: GgufValueType.ARRAY, itemType: GgufValueType.FLOAT32, value: v.scores.slice(0, n) }],
        ["tokenizer.ggml.token_type", { type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: v.types.slice(0, n) }],
        ["tokenizer.ggml.bos_token_id", u32(1)], ["tokenizer.ggml.eos_token_id", u32(2)], ["tokenizer.ggml.unknown_token_id", u32(0)]
    ]);
    await writeGgufFile(file, { metadata, tensors: [] });
}

describe("tokenizer check", () => {
    it("refuses a tokenizer without MediTron's added tokens, naming the first missing one", async () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "corpus-vocab-")), "llama2.gguf");
        await writeLlama2OnlyVocab(file);
        const tokenizer = await loadLlamaTokenizer(file);
        try {
            expect(tokenizer.vocabularySize).toBe(32000);
            let error: unknown;
            try {
                verifyMeditronVocabulary(tokenizer, file);
            } catch (e) {
                error = e;
            }
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).toMatch(/is not MediTron's tokenizer; expected "<CLS>" to be token 32000; found \[/);
        } finally {
            await tokenizer.dispose();
        }
    });
});
