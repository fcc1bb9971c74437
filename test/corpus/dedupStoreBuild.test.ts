import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { buildCorpus, type BuildCorpusResult } from "../../src/corpus/pipeline/buildCorpus.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { writeBuildFixture } from "./buildFixtures.js";

const OUTPUTS = ["-train_text_document.bin", "-train_text_document.idx", "-validation_text_document.bin", "-validation_text_document.idx"];

async function build(extraConfig: string, stopAfterShards?: number): Promise<{ dir: string; result: BuildCorpusResult; partial?: BuildCorpusResult }> {
    const fixture = writeBuildFixture(mkdtempSync(path.join(tmpdir(), "corpus-dedup-store-")), extraConfig);
    const config = parseCorpusConfig(readFileSync(fixture.configPath, "utf8"), fixture.dir, fixture.configPath);
    const model = await syntheticModelPath("tiny");
    const partial = stopAfterShards === undefined ? undefined : await buildCorpus(config, { tokenizerModel: model, stopAfterShards });
    if (partial !== undefined) {
        // Mid-build the disk store's state is the SQLite file, not per-shard journals.
        const work = readdirSync(path.join(partial.outputDir, ".work"));
        expect(work).toContain("dedup.sqlite");
        expect(work.filter((f) => f.startsWith("dedup-") && f.endsWith(".bin"))).toEqual([]);
    }
    return { dir: fixture.dir, result: await buildCorpus(config, { tokenizerModel: model }), partial };
}

describe("corpus build with the disk dedup store", () => {
    it("writes byte-identical datasets, JSONL and stats as the in-memory store, with a 1 MB cache and a resume", async () => {
        const memory = await build("dedup: {store: memory}");
        const disk = await build("dedup: {store: disk, memoryMB: 1}", 5);
        expect(disk.result.resumedFromShard).toBe(5);
        for (const suffix of OUTPUTS) {
            const a = readFileSync(path.join(memory.result.outputDir, `gap-replay${suffix}`));
            const b = readFileSync(path.join(disk.result.outputDir, `gap-replay${suffix}`));
            expect(b.equals(a), suffix).toBe(true);
        }
        const jsonl = (r: BuildCorpusResult, dir: string): string => readdirSync(path.join(r.outputDir, "jsonl")).sort().map((f) => readFileSync(path.join(r.outputDir, "jsonl", f), "utf8")).join("").split(dir).join("<dir>");
        expect(jsonl(disk.result, disk.dir)).toBe(jsonl(memory.result, memory.dir));
        const comparable = (r: BuildCorpusResult, dir: string): string => JSON.stringify({ ...r.report, timing: undefined }).split(dir).join("<dir>");
        expect(comparable(disk.result, disk.dir)).toBe(comparable(memory.result, memory.dir));
        // Every dedup decision was exercised (so identical output is not trivially identical).
        const removed = (kind: string): number => memory.result.report.sources.reduce((s, x) => s + x.removed[kind as "nearDuplicate"], 0);
        for (const kind of ["exactDuplicate", "nearDuplicate", "abstractHasFullText", "duplicateId"]) expect(removed(kind), kind).toBeGreaterThan(0);
        // The database is resume state only: removed once the build completes.
        expect(existsSync(path.join(disk.result.outputDir, ".work", "dedup.sqlite"))).toBe(false);
    }, 300_000);
});
