import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRecipe } from "../../src/corpus/clean/applyRecipe.js";
import { defaultRecipeFor, RECIPES } from "../../src/corpus/clean/recipes.js";
import { parseJatsArticle } from "../../src/corpus/sources/parseJatsArticle.js";
import { parsePubmedArticle } from "../../src/corpus/sources/parsePubmedArticle.js";
import { parseS2orcRecord } from "../../src/corpus/sources/parseS2orcRecord.js";
import { loadCorpusTokenizer } from "../../src/corpus/tokenize/loadCorpusTokenizer.js";
import { tokenizeDocument } from "../../src/corpus/tokenize/tokenizeDocument.js";
import { WordCachedTokenizer } from "../../src/corpus/tokenize/WordCachedTokenizer.js";
import { checkWordSplitModel, checkWordSplitVocabulary, type WordSplitVocabulary } from "../../src/corpus/tokenize/wordSplitVocabulary.js";
import type { SourceKind } from "../../src/corpus/types.js";
import { writeGgufFile, type GgufTypedValue } from "../../src/models/gguf/GgufWriter.js";
import { GgufValueType } from "../../src/models/gguf/ggmlTypes.js";
import { LlamaTokenType, meditronVocabulary } from "../../src/models/gguf/meditronVocabulary.js";
import { loadLlamaTokenizer, type LlamaTokenizerHandle } from "../../src/models/llama-cpp/loadTokenizer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { corpusFile } from "./corpusTestData.js";

let llama: LlamaTokenizerHandle;
let vocabulary: WordSplitVocabulary;
let modelPath: string;

beforeAll(async () => {
    modelPath = await syntheticModelPath("tiny");
    llama = await loadLlamaTokenizer(modelPath);
    const check = await checkWordSplitModel(modelPath);
    if (!check.ok) throw new Error(`MediTron's vocabulary failed the word-split check: ${check.reason}`);
    vocabulary = check.vocabulary;
});
afterAll(async () => {
    await llama.dispose();
});

const clean = (kind: SourceKind, text: string, title = ""): string => applyRecipe(RECIPES[defaultRecipeFor(kind)]!, text, title)?.text.trim() ?? "";

/** Every document of the real samples, raw and cleaned as the pipeline would (markup included). */
function realDocuments(): { name: string; text: string }[] {
    const docs: { name: string; text: string }[] = [];
    const add = (name: string, kind: SourceKind, text: string, title?: string): void => {
        docs.push({ name, text });
        const cleaned = clean(kind, text, title);
        if (cleaned !== "" && cleaned !== text) docs.push({ name: `${name} (cleaned)`, text: cleaned });
    };
    for (const f of readdirSync(corpusFile("guidelines")).filter((f) => f.endsWith(".txt"))) add(f, "guidelines", readFileSync(corpusFile("guidelines", f), "utf8"));
    for (const f of readdirSync(corpusFile("pmc")).filter((f) => f.endsWith(".nxml"))) {
        const doc = parseJatsArticle(readFileSync(corpusFile("pmc", f), "utf8"));
        if (doc !== null) add(f, "papers", doc.text, doc.title);
    }
    for (const f of readdirSync(corpusFile("pubmed")).filter((f) => f.endsWith(".xml.gz"))) {
        const xml = gunzipSync(readFileSync(corpusFile("pubmed", f))).toString("utf8");
        for (const [i, m] of [...xml.matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)].entries()) {
            const doc = parsePubmedArticle(m[0]);
            if (doc !== null) add(`${f}#${i}`, "abstracts", doc.text, doc.title);
        }
    }
    const s2orc = parseS2orcRecord(JSON.parse(readFileSync(corpusFile("s2orc", "pdf_parse_18980380.json"), "utf8")) as Record<string, unknown>, undefined);
    if (s2orc !== null) add("pdf_parse_18980380.json", "papers", s2orc.text, s2orc.title);
    for (const f of ["c4-sample.00000-of-00001.json.gz", "cc_en_head-0091.jsonl.gz"]) {
        const lines = gunzipSync(readFileSync(corpusFile("replay", f))).toString("utf8").split("\n").filter((l) => l !== "");
        for (const [i, line] of lines.entries()) docs.push({ name: `${f}#${i}`, text: (JSON.parse(line) as { text?: string; raw_content?: string }).text ?? (JSON.parse(line) as { raw_content: string }).raw_content });
    }
    return docs;
}

const ADVERSARIAL = [
    "", " ", "  ", "   ", "a", "a ", "a  ", " a", "  a", "a b", "a  b", "a   b ", "  a  b  ",
    "\n", "\n\n", " \n", "\n ", "\n a", "a\n", "a \n b", "a\n\nb", "\t", " \t ", "\tx\t y \t", "a\r\nb \r\n c",
    "▁", "▁▁", " ▁", "▁ ", "a▁b", "a ▁ b", "▁a", "x▁", "▁▁x ▁y▁", "a▁▁ ▁b", "the▁the the",
    "naïve café résumé Ångström", "中文字符 日本語の文 한국어", "🙂 👨‍👩‍👧 🏳️‍🌈 🇨🇭", "𠀀𠀁 𝒳𝒴 \u{10FFFF}",
    "\u0000 nul\u0000inside \u0001\u001f", "lone \uD800 high \uDC00 low \uDC00\uD800", "\u00a0nbsp\u00a0 \u2009thin\u3000ideo",
    "SpO₂ ↓ 1.5 mg/kg — ±2σ; p<0.05 ≥ 10⁻³ µL", "[bib_ref] literal markup as plain text [/bib_ref]", "<s> </s> <unk> <EOD>",
    "x".repeat(5000), `${"ab ".repeat(3000)}end`, " ".repeat(1000), `word${" ".repeat(300)}word`, "a".repeat(60) + " " + "a".repeat(60),
    "https://example.org/path?q=1&r=2#frag and www.x.com", "C(=O)Oc1ccccc1C(=O)O CCO", "A.B.C. e.g. i.e. U.S.A."
];

/** Ids of `text` word by word, through a cache small enough to rotate often. */
function cachedTokenizer(maxEntries = 100_000): WordCachedTokenizer {
    return new WordCachedTokenizer(llama, vocabulary, { maxEntries });
}

describe("word-cached tokenization equals llama.cpp's whole-span tokenization", () => {
    it("MediTron's vocabulary (Llama-2 + 17 CONTROL tokens) passes the word-split check", () => {
        expect(vocabulary.spaceTokenId).toBe(29871);
        expect(vocabulary.tokenBytes[29871]).toBe(3);
        expect(vocabulary.tokenBytes[3]).toBe(1); // <0x00>: one byte
    });

    it("on adversarial strings, cold and warm, with a tiny rotating cache and a large one", () => {
        for (const cache of [cachedTokenizer(3), cachedTokenizer()]) {
            for (let pass = 0; pass < 2; pass++) {
                for (const text of ADVERSARIAL) expect(cache.tokenize(text, false), JSON.stringify(text.slice(0, 80))).toEqual(llama.tokenize(text, false));
            }
            expect(cache.stats.hits).toBeGreaterThan(0);
        }
    });

    it("on every document of the real samples (raw and cleaned), as text and through tokenizeDocument", () => {
        const docs = realDocuments();
        expect(docs.length).toBeGreaterThan(1000);
        const cache = cachedTokenizer(20_000);
        let tokens = 0;
        for (const { name, text } of docs) {
            const expected = llama.tokenize(text, false);
            const got = cache.tokenize(text, false);
            // toEqual on 100k-element arrays is slow to diff; compare first, assert with context on failure.
            if (got.join(",") !== expected.join(",")) expect(got, name).toEqual(expected);
            const doc = tokenizeDocument(cache, text);
            const reference = tokenizeDocument(llama, text);
            if (doc.join(",") !== reference.join(",")) expect(Array.from(doc), `${name} (markup split)`).toEqual(Array.from(reference));
            tokens += expected.length;
        }
        expect(tokens).toBeGreaterThan(500_000);
        expect(cache.stats.hits).toBeGreaterThan(cache.stats.misses);
        expect(cache.stats.realignments).toBe(0);
    });

    it("loadCorpusTokenizer uses the word cache for MediTron's tokenizer, and whole spans when told not to", async () => {
        const cached = await loadCorpusTokenizer(modelPath);
        const plain = await loadCorpusTokenizer(modelPath, { wordCache: false });
        try {
            expect(cached.mode).toBe("word-cache");
            expect(cached.fallbackReason).toBeUndefined();
            expect(plain.mode).toBe("whole-span");
            const text = "The patient's  BMI was 31.2 kg/m². The patient was seen again.";
            expect(cached.tokenize(text, false)).toEqual(plain.tokenize(text, false));
            expect(cached.cacheStats!.hits).toBeGreaterThan(0);
            expect(cached.tokenize("[bib_ref]", true)).toEqual([32005]);
        } finally {
            await cached.dispose();
            await plain.dispose();
        }
    });
});

/** MediTron's vocabulary plus one piece that joins a word to the next one ("s▁the"), at the best score. */
async function writeCrossingVocab(file: string): Promise<void> {
    const v = await meditronVocabulary();
    const tokens = [...v.tokens, "s▁the"];
    const scores = [...v.scores, 0];
    const types = [...v.types, LlamaTokenType.NORMAL];
    const u32 = (value: number): GgufTypedValue => ({ type: GgufValueType.UINT32, value });
    const metadata = new Map<string, GgufTypedValue>([
        ["general.architecture", { type: GgufValueType.STRING, value: "llama" }],
        ["llama.context_length", u32(256)], ["llama.embedding_length", u32(64)], ["llama.block_count", u32(1)],
        ["llama.feed_forward_length", u32(128)], ["llama.attention.head_count", u32(4)], ["llama.attention.head_count_kv", u32(4)],
        ["llama.attention.layer_norm_rms_epsilon", { type: GgufValueType.FLOAT32, value: 1e-5 }], ["llama.vocab_size", u32(tokens.length)],
        ["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "llama" }],
        ["tokenizer.ggml.tokens", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: tokens }],
        ["tokenizer.ggml.scores", { type: GgufValueType.ARRAY, itemType: GgufValueType.FLOAT32, value: scores }],
        ["tokenizer.ggml.token_type", { type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: types }],
        ["tokenizer.ggml.bos_token_id", u32(1)], ["tokenizer.ggml.eos_token_id", u32(2)], ["tokenizer.ggml.unknown_token_id", u32(0)]
    ]);
    await writeGgufFile(file, { metadata, tensors: [] });
}

describe("fallback to whole-span tokenization", () => {
    it("a vocabulary with a piece crossing a word boundary: word-by-word would be wrong, so the loader tokenizes whole spans", async () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "corpus-vocab-")), "crossing.gguf");
        await writeCrossingVocab(file);
        const check = await checkWordSplitModel(file);
        expect(check).toEqual({ ok: false, reason: "piece 32017 \"s▁the\" joins a character and a following space" });

        const crossing = await loadLlamaTokenizer(file);
        const loaded = await loadCorpusTokenizer(file);
        try {
            const text = "cats the dogs";
            // llama.cpp merges across the space: the piece is real, so forcing the word cache would change the ids.
            expect(crossing.tokenize(text, false)).toContain(32017);
            const forced = new WordCachedTokenizer(crossing, vocabulary);
            expect(forced.tokenize(text, false)).not.toEqual(crossing.tokenize(text, false));

            expect(loaded.mode).toBe("whole-span");
            expect(loaded.fallbackReason).toMatch(/"s▁the" joins a character and a following space/);
            expect(loaded.tokenize(text, false)).toEqual(crossing.tokenize(text, false));
        } finally {
            await crossing.dispose();
            await loaded.dispose();
        }
    });

    it("the checker refuses the other cases it cannot tokenize word by word", () => {
        const base = { model: "llama", tokens: ["<unk>", "▁", "a"], types: [2, 1, 1], addSpacePrefix: undefined };
        expect(checkWordSplitVocabulary(base).ok).toBe(true);
        expect(checkWordSplitVocabulary({ ...base, model: "gpt2" })).toEqual({ ok: false, reason: "tokenizer.ggml.model is \"gpt2\", not \"llama\" (SentencePiece)" });
        expect(checkWordSplitVocabulary({ ...base, addSpacePrefix: false })).toEqual({ ok: false, reason: "tokenizer.ggml.add_space_prefix is false" });
        expect(checkWordSplitVocabulary({ ...base, types: [2, 1, 4] })).toEqual({ ok: false, reason: "token 2 \"a\" is USER_DEFINED (split out of plain text)" });
        expect(checkWordSplitVocabulary({ ...base, tokens: ["<unk>", "a", "b"] })).toEqual({ ok: false, reason: "the vocabulary has no \"▁\" piece" });
        expect(checkWordSplitVocabulary({ ...base, tokens: ["<unk>", "▁", "▁▁x"] }).ok).toBe(true); // spaces then text: one word
        expect(checkWordSplitVocabulary({ ...base, tokens: ["<unk>", "▁", "\n▁"] }).ok).toBe(false);
        expect(checkWordSplitVocabulary({ ...base, types: [2, 1] }).ok).toBe(false);
    });
});
