import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLlamaTokenizer, type LlamaTokenizerHandle } from "../../src/models/llama-cpp/loadTokenizer.js";
import { splitMarkup } from "../../src/corpus/tokenize/splitMarkup.js";
import { tokenizeDocument } from "../../src/corpus/tokenize/tokenizeDocument.js";
import { verifyMeditronVocabulary } from "../../src/corpus/tokenize/verifyMeditronVocabulary.js";
import { parseJatsArticle } from "../../src/corpus/sources/parseJatsArticle.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { corpusFile } from "./corpusTestData.js";

let tokenizer: LlamaTokenizerHandle;
let modelPath: string;

beforeAll(async () => {
    modelPath = await syntheticModelPath("tiny");
    tokenizer = await loadLlamaTokenizer(modelPath);
});
afterAll(async () => {
    await tokenizer.dispose();
});

describe("Megatron-style markup splitting", () => {
    it("emits markup ids and the text between them, dropping empty spans", () => {
        expect(splitMarkup("a [bib_ref] T, X [/bib_ref][fig_ref]F[/fig_ref]")).toEqual([
            { text: "a " }, { tokenId: 32005 }, { text: " T, X " }, { tokenId: 32006 }, { tokenId: 32007 }, { text: "F" }, { tokenId: 32008 }
        ]);
        expect(splitMarkup("<s>x</s><EOD>[formula]")).toEqual([{ tokenId: 1 }, { text: "x" }, { tokenId: 2 }, { tokenId: 32002 }, { tokenId: 32015 }]);
        expect(splitMarkup("[bib] not [bib_ref]")).toEqual([{ tokenId: 32009 }, { text: " not " }, { tokenId: 32005 }]);
    });
});

describe("tokenization with MediTron's tokenizer", () => {
    it("the synthetic vocabulary is MediTron's (17 added tokens at 32000-32016)", () => {
        expect(tokenizer.vocabularySize).toBe(32017);
        expect(() => verifyMeditronVocabulary(tokenizer, modelPath)).not.toThrow();
    });

    it("applies SentencePiece's dummy prefix per span (\"The\" -> ▁The = 450) and appends <EOD>", () => {
        expect(Array.from(tokenizeDocument(tokenizer, "The"))).toEqual([450, 32002]);
        expect(Array.from(tokenizeDocument(tokenizer, ""))).toEqual([32002]);
    });

    const cases = [
        "Plain text with numbers 1.5 mg/kg and SpO₂ ↓ — naïve café 中文 🙂",
        "[bib_ref] starts with markup [/bib_ref] and ends with it [fig_ref]",
        "adjacent [fig][/fig][table] [/table]  double  space\n[formula] x^2 [/formula]\n",
        "literal <s> and </s> and <EOD> inside text, <unk> stays text? no: only Megatron's specials",
        "   leading spaces\n\n# Header\n- item [bib_ref] Title..., Smith [/bib_ref]."
    ];
    it("matches llama.cpp tokenizing the whole document with special tokens on", () => {
        for (const text of cases) {
            if (text.includes("<unk>")) continue; // llama.cpp parses <unk> as special, Megatron does not
            expect(Array.from(tokenizeDocument(tokenizer, text)), text).toEqual([...tokenizer.tokenize(text, true), 32002]);
        }
    });

    it("matches llama.cpp on a real PMC paper full of markup", () => {
        const doc = parseJatsArticle(readFileSync(corpusFile("pmc", "pone.0046493.nxml"), "utf8"))!;
        const ids = tokenizeDocument(tokenizer, doc.text);
        expect(ids.filter((id) => id === 32005).length).toBeGreaterThan(20);
        expect(Array.from(ids)).toEqual([...tokenizer.tokenize(doc.text, true), 32002]);
    });
});
