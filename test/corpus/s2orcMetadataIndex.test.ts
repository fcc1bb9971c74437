import { appendFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openS2orcMetadataIndex } from "../../src/corpus/sources/S2orcMetadataIndex.js";
import { s2orcMetadataFromRow } from "../../src/corpus/sources/parseS2orcRecord.js";

const sample = path.resolve(import.meta.dirname, "../../../shared/data/corpus/s2orc/metadata_sample.jsonl");

describe("the S2ORC metadata join on disk", () => {
    it("answers exactly what an in-memory map of the real sample answers", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "s2orc-meta-"));
        const index = await openS2orcMetadataIndex([sample], path.join(dir, "m.sqlite"));
        const rows = readFileSync(sample, "utf8").trim().split("\n").map((l) => s2orcMetadataFromRow(JSON.parse(l) as Record<string, unknown>)).filter((r) => r !== null);
        expect(rows.length).toBeGreaterThan(0);
        const map = new Map(rows.map((r) => [r.paperId, r.metadata]));
        for (const [id, metadata] of map) expect(index.get(id)).toEqual(metadata);
        expect(index.get("no-such-paper")).toBeUndefined();
        expect(index.get("18980463")).toMatchObject({ pmid: "17785526", pmcid: "PMC1950857" });
        index.close();
    });

    it("is reused while the files are unchanged, rebuilt when they change; a later row wins", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "s2orc-meta-"));
        const file = path.join(dir, "meta.jsonl");
        writeFileSync(file, `${JSON.stringify({ paper_id: "1", title: "First", pubmed_id: "11" })}\nnot json\n`);
        const db = path.join(dir, "m.sqlite");
        let index = await openS2orcMetadataIndex([file], db);
        expect(index.get("1")).toEqual({ title: "First", pmid: "11" });
        index.close();
        index = await openS2orcMetadataIndex([file], db);
        expect(index.get("1")?.title).toBe("First");
        index.close();
        appendFileSync(file, `${JSON.stringify({ paper_id: "1", title: "Second" })}\n${JSON.stringify({ paper_id: "2", title: "Two" })}\n`);
        utimesSync(file, new Date(), new Date(Date.now() + 5000));
        index = await openS2orcMetadataIndex([file], db);
        expect(index.get("1")).toEqual({ title: "Second" });
        expect(index.get("2")).toEqual({ title: "Two" });
        index.close();
    });
});
