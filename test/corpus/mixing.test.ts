import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { buildCorpus, type BuildCorpusResult } from "../../src/corpus/pipeline/buildCorpus.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { readMegatronDataset } from "./readMegatronDataset.js";
import { cdcParagraphs } from "./buildFixtures.js";
import { corpusFile } from "./corpusTestData.js";

let result: BuildCorpusResult;
const GUIDELINES = 1500;
const REPLAY = 400;

beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "corpus-mix-"));
    const paragraphs = cdcParagraphs();
    const guidelines = Array.from({ length: GUIDELINES }, (_, i) => JSON.stringify({ id: `g${i}`, title: "", clean_text: `Record ${i}. ${paragraphs[i % paragraphs.length]}` }));
    writeFileSync(path.join(dir, "g.jsonl"), `${guidelines.join("\n")}\n`);
    const c4 = gunzipSync(readFileSync(corpusFile("replay", "c4-sample.00000-of-00001.json.gz"))).toString("utf8").split("\n").slice(0, REPLAY);
    writeFileSync(path.join(dir, "r.jsonl"), `${c4.join("\n")}\n`);
    writeFileSync(path.join(dir, "c.yaml"), `
seed: 11
sources:
  - {name: guidelines, type: guidelines-jsonl, path: g.jsonl, weight: 2.5}
  - {name: replay, type: replay-jsonl, path: r.jsonl, weight: 0.5}
dedup: {nearDuplicates: {enabled: false}}
mixing: {mode: weights}
workers: 1
output: {dir: out, jsonl: false}
`);
    const file = path.join(dir, "c.yaml");
    result = await buildCorpus(parseCorpusConfig(readFileSync(file, "utf8"), dir, file), { tokenizerModel: await syntheticModelPath("tiny") });
}, 240_000);

describe("mixing with explicit weights and per-source splits", () => {
    it("sends about 5% of guidelines to validation and none of the replay", () => {
        const [g, r] = result.report.sources;
        const unique = g!.train.documents - g!.upsampledCopies + g!.validation.documents;
        expect(unique).toBe(GUIDELINES);
        // 5% of 1500 = 75; 4 standard deviations is about +-34.
        expect(g!.validation.documents).toBeGreaterThan(41);
        expect(g!.validation.documents).toBeLessThan(109);
        expect(r!.validation.documents).toBe(0);
    });

    it("upsamples with probabilistic rounding: weight 2.5 -> 2 or 3 copies, weight 0.5 -> about half", () => {
        const [g, r] = result.report.sources;
        const uniqueTrain = g!.train.documents - g!.upsampledCopies;
        const ratio = g!.train.documents / uniqueTrain;
        expect(ratio).toBeGreaterThan(2.4);
        expect(ratio).toBeLessThan(2.6);
        expect(r!.train.documents).toBeGreaterThan(REPLAY * 0.4);
        expect(r!.train.documents).toBeLessThan(REPLAY * 0.6);
        expect(r!.train.documents + r!.removed.downsampled).toBe(REPLAY);
        const train = readMegatronDataset(result.files.trainPrefix);
        expect(train).toHaveLength(g!.train.documents + r!.train.documents);
        // Copies of a document are written back to back and are identical.
        let repeats = 0;
        for (let i = 1; i < train.length; i++) if (train[i]!.length === train[i - 1]!.length && train[i]!.every((t, j) => t === train[i - 1]![j])) repeats++;
        expect(repeats).toBe(g!.upsampledCopies);
    });
});
