import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { buildCorpus } from "../../src/corpus/pipeline/buildCorpus.js";
import { UserError } from "../../src/util/errors.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { readMegatronDataset } from "./readMegatronDataset.js";
import { cdcParagraphs } from "./buildFixtures.js";

describe("interrupting a build (Ctrl-C)", () => {
    it("stops with a UserError after the current shard and resumes from the checkpoint", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "corpus-abort-"));
        const paragraphs = cdcParagraphs();
        for (const part of [0, 1, 2]) {
            const lines = paragraphs.slice(part * 40, part * 40 + 40).map((p, i) => JSON.stringify({ id: `${part}-${i}`, clean_text: p }));
            writeFileSync(path.join(dir, `g${part}.jsonl`), `${lines.join("\n")}\n`);
        }
        writeFileSync(path.join(dir, "c.yaml"), "sources:\n  - {name: g, type: guidelines-jsonl, paths: [g0.jsonl, g1.jsonl, g2.jsonl]}\nworkers: 1\noutput: {dir: out}\n");
        const config = parseCorpusConfig(readFileSync(path.join(dir, "c.yaml"), "utf8"), dir);
        const model = await syntheticModelPath("tiny");
        const controller = new AbortController();
        let error: unknown;
        try {
            await buildCorpus(config, { tokenizerModel: model, signal: controller.signal, onShard: () => controller.abort() });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/interrupted; rerun the same command to resume/);
        const resumed = await buildCorpus(config, { tokenizerModel: model });
        expect(resumed.resumedFromShard).toBe(1);
        expect(resumed.report.completed).toBe(true);
        const written = readMegatronDataset(resumed.files.trainPrefix).length + readMegatronDataset(resumed.files.validationPrefix).length;
        expect(written).toBe(resumed.report.sources[0]!.train.documents + resumed.report.sources[0]!.validation.documents);
        expect(resumed.report.sources[0]!.records).toBe(120);
    }, 120_000);
});
