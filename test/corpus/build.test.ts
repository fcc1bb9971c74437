import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { buildCorpus, type BuildCorpusResult } from "../../src/corpus/pipeline/buildCorpus.js";
import { loadLlamaTokenizer, type LlamaTokenizerHandle } from "../../src/models/llama-cpp/loadTokenizer.js";
import type { CorpusConfig } from "../../src/corpus/config/CorpusConfig.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { readMegatronDataset } from "./readMegatronDataset.js";
import { writeBuildFixture, type BuildFixture } from "./buildFixtures.js";

const loadConfig = (file: string): CorpusConfig => parseCorpusConfig(readFileSync(file, "utf8"), path.dirname(file), file);

interface JsonlDoc { id: string; source: string; subset: string; split: string; copies: number; text: string }
function readJsonlShards(outDir: string): JsonlDoc[] {
    const dir = path.join(outDir, "jsonl");
    return readdirSync(dir).sort().flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as JsonlDoc));
}

let fixture: BuildFixture;
let model: string;
let result: BuildCorpusResult;
let tokenizer: LlamaTokenizerHandle;

beforeAll(async () => {
    model = await syntheticModelPath("tiny");
    fixture = writeBuildFixture(mkdtempSync(path.join(tmpdir(), "corpus-build-")));
    result = await buildCorpus(loadConfig(fixture.configPath), { tokenizerModel: model });
    tokenizer = await loadLlamaTokenizer(model);
}, 240_000);
afterAll(async () => {
    await tokenizer?.dispose();
});

describe("corpus build on real samples and generated inputs", () => {
    it("reports how the workers tokenized: MediTron's vocabulary allows the word cache, and it was used", () => {
        expect(result.report.tokenization).toEqual({ mode: "word-cache", fallbackReasons: [] });
        const markdown = readFileSync(result.files.statsMarkdown, "utf8");
        expect(markdown).toMatch(/Tokenization: llama\.cpp's SentencePiece through the per-word cache/);
    });

    it("counts every planted removal in the per-filter stats", () => {
        const byName = Object.fromEntries(result.report.sources.map((s) => [s.name, s]));
        const g = byName.guidelines!;
        expect(g.removed.exactDuplicate).toBe(fixture.planted.exactDuplicates);
        expect(g.removed.nearDuplicate).toBe(fixture.planted.nearDuplicates);
        expect(g.removed.notEnglish).toBe(fixture.planted.notEnglish);
        expect(g.removed.tooShort).toBe(fixture.planted.tooShort);
        expect(g.badInputs).toBe(fixture.planted.badJsonLines);
        const pubmed = byName.pubmed!;
        expect(pubmed.removed.abstractHasFullText).toBe(1); // PMID 21810267 is the PMC paper 1471-2180-11-174
        expect(pubmed.removed.duplicateId).toBe(1);
        expect(byName.pmc!.badInputs).toBe(1);
        expect(byName.replay!.removed.replayNotSampled).toBeGreaterThan(900);
    });

    it("reports each bad input with file and position and keeps going", () => {
        const bad = result.report.badInputs.first;
        expect(bad.find((b) => b.kind === "json")).toMatchObject({ file: path.join(fixture.dir, "guidelines.jsonl"), position: expect.stringMatching(/^line \d+$/) });
        expect(bad.find((b) => b.kind === "gzip")).toMatchObject({ file: path.join(fixture.dir, "pubmed-generated.xml.gz"), position: expect.stringMatching(/^compressed byte \d+$/) });
        const xml = bad.filter((b) => b.kind === "xml");
        expect(xml.map((b) => path.basename(b.file)).sort()).toEqual(["pubmed-generated.xml.gz", "zz-invalid.nxml"]);
        expect(xml.every((b) => /invalid XML at line \d+, column \d+/.test(b.message))).toBe(true);
        expect(result.report.badInputs.total).toBe(4);
    });

    it("writes Megatron datasets whose every document equals llama.cpp's tokens of the cleaned text + <EOD>", () => {
        const docs = readJsonlShards(result.outputDir);
        const train = readMegatronDataset(result.files.trainPrefix);
        const validation = readMegatronDataset(result.files.validationPrefix);
        const trainTexts = docs.filter((d) => d.split === "train");
        const validationTexts = docs.filter((d) => d.split === "validation");
        expect(train).toHaveLength(trainTexts.length);
        expect(validation).toHaveLength(validationTexts.length);
        expect(validation.length).toBeGreaterThan(0);
        const check = (tokens: number[], doc: JsonlDoc): void => {
            expect(tokens, doc.id).toEqual([...tokenizer.tokenize(doc.text, true), 32002]);
        };
        trainTexts.forEach((d, i) => check(train[i]!, d));
        validationTexts.forEach((d, i) => check(validation[i]!, d));
        const stats = result.report.sources;
        expect(stats.reduce((s, x) => s + x.train.tokens, 0)).toBe(train.reduce((s, d) => s + d.length, 0));
        expect(docs.some((d) => d.text.includes("[bib_ref]"))).toBe(true);
    });

    it("keeps replay near its 1% token share and out of validation", () => {
        const replay = result.report.sources.find((s) => s.kind === "replay")!;
        expect(replay.validation.documents).toBe(0);
        expect(result.report.replay!.achievedFraction).toBeGreaterThan(0.002);
        expect(result.report.replay!.achievedFraction).toBeLessThan(0.03);
    });

    it("writes the stats report as JSON and a Table-1 style Markdown", () => {
        const md = readFileSync(result.files.statsMarkdown, "utf8");
        expect(md).toMatch(/\| Clinical Guidelines \| \d+ \| \d+ \(/);
        expect(md).toContain("| PubMed Papers |");
        expect(md).toContain("abstractHasFullText");
        expect(JSON.parse(readFileSync(result.files.stats, "utf8")).completed).toBe(true);
    });

    it("resumes after a simulated crash and produces byte-identical outputs", async () => {
        const second = writeBuildFixture(mkdtempSync(path.join(tmpdir(), "corpus-resume-")));
        const config = loadConfig(second.configPath);
        const partial = await buildCorpus(config, { tokenizerModel: model, stopAfterShards: 4 });
        expect(partial.report.completed).toBe(false);
        const resumed = await buildCorpus(config, { tokenizerModel: model });
        expect(resumed.resumedFromShard).toBe(4);
        for (const suffix of ["-train_text_document.bin", "-train_text_document.idx", "-validation_text_document.bin", "-validation_text_document.idx"]) {
            const a = readFileSync(path.join(result.outputDir, `gap-replay${suffix}`));
            const b = readFileSync(path.join(resumed.outputDir, `gap-replay${suffix}`));
            expect(b.equals(a), suffix).toBe(true);
        }
        const comparable = (r: BuildCorpusResult, dir: string) => JSON.stringify({ ...r.report, timing: undefined }).split(dir).join("<dir>");
        expect(comparable(resumed, second.dir)).toBe(comparable(result, fixture.dir));
    }, 240_000);

    it("stops at the first bad input with strict mode", async () => {
        const third = writeBuildFixture(mkdtempSync(path.join(tmpdir(), "corpus-strict-")));
        await expect(buildCorpus(loadConfig(third.configPath), { tokenizerModel: model, strict: true })).rejects.toThrow(/bad input in .*guidelines\.jsonl at line \d+ \(--strict\)/);
    }, 120_000);
});
