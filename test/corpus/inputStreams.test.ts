import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readLines, readPubmedArticles } from "../../src/corpus/io/readRecords.js";
import type { GzipProblem } from "../../src/corpus/io/readTextChunks.js";

const dir = mkdtempSync(path.join(tmpdir(), "corpus-io-"));

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const x of gen) out.push(x);
    return out;
}

/** Three gzip members; the middle one's deflate data is overwritten with garbage. */
function corruptMultiMember(): Buffer {
    const a = gzipSync("{\"text\":\"a1\"}\n{\"text\":\"a2\"}\n");
    const b = Buffer.from(gzipSync(Array.from({ length: 200 }, (_, i) => `{"text":"b${i} ${"x".repeat(50)}"}`).join("\n") + "\n"));
    for (let i = 12; i < b.length - 12; i++) b[i] = (i * 37) & 0xff;
    const c = gzipSync("{\"text\":\"c1\"}\n");
    return Buffer.concat([a, b, c]);
}

describe("streaming input", () => {
    it("reads plain and gzip JSONL line by line with line numbers", async () => {
        writeFileSync(path.join(dir, "p.jsonl"), "{\"a\":1}\n\n{\"a\":2}");
        writeFileSync(path.join(dir, "g.jsonl.gz"), gzipSync("{\"a\":1}\n{\"a\":2}\n"));
        const plain = await collect(readLines(path.join(dir, "p.jsonl"), () => undefined, false));
        expect(plain).toEqual([{ text: "{\"a\":1}", record: 1 }, { text: "{\"a\":2}", record: 3 }]);
        const gz = await collect(readLines(path.join(dir, "g.jsonl.gz"), () => undefined, false));
        expect(gz.map((r) => r.text)).toEqual(["{\"a\":1}", "{\"a\":2}"]);
    });

    it("skips a corrupt gzip member, reports where, and keeps the members after it", async () => {
        const file = path.join(dir, "corrupt.jsonl.gz");
        writeFileSync(file, corruptMultiMember());
        const problems: GzipProblem[] = [];
        const lines = await collect(readLines(file, (p) => problems.push(p), false));
        expect(lines.map((l) => l.text)).toEqual(["{\"text\":\"a1\"}", "{\"text\":\"a2\"}", "{\"text\":\"c1\"}"]);
        expect(problems).toHaveLength(1);
        expect(problems[0]!.file).toBe(file);
        expect(problems[0]!.compressedOffset).toBeGreaterThanOrEqual(0);
    });

    it("stops on a corrupt member with --strict", async () => {
        const file = path.join(dir, "corrupt2.jsonl.gz");
        writeFileSync(file, corruptMultiMember());
        await expect(collect(readLines(file, () => undefined, true))).rejects.toThrow(/corrupt gzip data in .*corrupt2\.jsonl\.gz near compressed byte/);
    });

    it("splits PubMed files into articles and reports DeleteCitation PMIDs", async () => {
        const file = path.join(dir, "pm.xml");
        writeFileSync(file, "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle><A>1</A></PubmedArticle>\n<PubmedArticle><A>2</A></PubmedArticle><DeleteCitation><PMID Version=\"1\">7</PMID><PMID Version=\"1\">8</PMID></DeleteCitation></PubmedArticleSet>");
        const deleted: string[] = [];
        const articles = await collect(readPubmedArticles(file, () => undefined, false, (p) => deleted.push(...p)));
        expect(articles).toEqual([{ text: "<PubmedArticle><A>1</A></PubmedArticle>", record: 1 }, { text: "<PubmedArticle><A>2</A></PubmedArticle>", record: 2 }]);
        expect(deleted).toEqual(["7", "8"]);
    });
});
