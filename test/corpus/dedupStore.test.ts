import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DedupState } from "../../src/corpus/dedup/DedupState.js";
import type { DedupStore } from "../../src/corpus/dedup/DedupStore.js";
import { dedupKey } from "../../src/corpus/dedup/dedupKey.js";
import { hash64 } from "../../src/corpus/dedup/hashing.js";
import { minhashSignature } from "../../src/corpus/dedup/minhash.js";
import { SqliteDedupStore, type SqliteDedupSettings } from "../../src/corpus/dedup/SqliteDedupStore.js";
import { journalPath, openDedupStore } from "../../src/corpus/dedup/openDedupStore.js";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { UserError } from "../../src/util/errors.js";

const params = { shingleSize: 5, bands: 16, rowsPerBand: 6, seed: 42 };
const settings: SqliteDedupSettings = { bands: 16, permutations: 96, threshold: 0.8, nearEnabled: true, memoryMB: 1 };
const tmp = (): string => mkdtempSync(path.join(tmpdir(), "dedup-store-"));

interface Doc { text: string; kind: "papers" | "abstracts"; pmid?: string; pmcid?: string }

/** Deterministic documents with exact copies, light edits (near duplicates), half copies (not near) and repeated ids. */
function documents(n: number): Doc[] {
    let state = 12345;
    const rand = (k: number): number => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state % k;
    };
    const docs: Doc[] = [];
    for (let i = 0; i < n; i++) {
        const r = rand(10);
        const base = docs.length > 0 ? docs[rand(docs.length)]!.text.split(" ") : [];
        let words: string[];
        if (r === 0 && base.length > 0) words = base;
        else if (r <= 2 && base.length > 0) words = base.map((w, j) => (j % 60 === 7 ? `edit${i}` : w));
        else if (r === 3 && base.length > 0) words = [...base.slice(0, base.length >> 1), ...Array.from({ length: 150 }, () => `v${rand(3000)}`)];
        else words = Array.from({ length: 120 + rand(200) }, () => `w${rand(5000)}`);
        const kind = rand(3) === 0 ? "papers" : "abstracts";
        docs.push({ text: words.join(" "), kind, pmid: rand(4) === 0 ? undefined : String(rand(n)), pmcid: rand(2) === 0 ? `PMC${rand(n)}` : undefined });
    }
    return docs;
}

/** The decision sequence of buildCorpus's handleDocument (same calls, same order). */
function decide(store: DedupStore, doc: Doc): string {
    const [hi, lo] = hash64(dedupKey(doc.text));
    const { bands, signature } = minhashSignature(doc.text, params);
    let reason: string | undefined;
    if (store.hasExact(hi, lo)) reason = "exactDuplicate";
    if (reason === undefined && doc.kind === "abstracts" && store.hasFullText(doc.pmid, doc.pmcid)) reason = "abstractHasFullText";
    if (reason === undefined && doc.kind === "abstracts" && doc.pmid !== undefined && store.seenAbstract(doc.pmid)) reason = "duplicateId";
    if (doc.kind === "papers" && (reason === undefined || reason === "exactDuplicate")) store.addFullText(doc.pmid, doc.pmcid);
    if (reason === undefined && store.isNearDuplicate(bands, signature)) reason = "nearDuplicate";
    if (reason !== undefined) return reason;
    store.addExact(hi, lo);
    return "kept";
}

async function runShards(open: (completed: number) => DedupStore, docs: readonly Doc[], perShard: number, reopenAt: number[] = []): Promise<string[]> {
    const out: string[] = [];
    let store = open(0);
    for (let s = 0; s * perShard < docs.length; s++) {
        if (reopenAt.includes(s)) {
            store.close();
            store = open(s);
        }
        for (const doc of docs.slice(s * perShard, (s + 1) * perShard)) out.push(decide(store, doc));
        await store.completeShard(s);
    }
    store.close();
    return out;
}

describe("disk dedup store (SQLite)", () => {
    it("answers like the in-memory state on the same document sequence, across shards and reopening, with a 1 MB cache", async () => {
        // 800 documents x 16 bands per shard overflow the 1 MB budget's pending band rows (6554): flushes happen mid-shard too.
        const docs = documents(4000);
        const memory = await runShards(() => new MemoryForTest(), docs, 800);
        const dir = tmp();
        const disk = await runShards((completed) => SqliteDedupStore.open(path.join(dir, "d.sqlite"), settings, completed), docs, 800, [2, 4]);
        expect(disk).toEqual(memory);
        // The sequence exercises every decision, so equality is not trivially "all kept".
        for (const reason of ["kept", "exactDuplicate", "nearDuplicate", "abstractHasFullText", "duplicateId"]) expect(memory).toContain(reason);
    }, 60_000);

    it("has/add for exact keys, full-text ids (PMC prefix ignored) and abstract ids, seeing the current shard's writes", () => {
        const store = SqliteDedupStore.open(path.join(tmp(), "d.sqlite"), settings, 0);
        expect(store.hasExact(0xffffffff, 7)).toBe(false);
        store.addExact(0xffffffff, 7);
        store.addExact(0xffffffff, 7);
        expect(store.hasExact(0xffffffff, 7)).toBe(true);
        expect(store.hasExact(7, 0xffffffff)).toBe(false);
        store.addFullText("123", "456");
        expect(store.hasFullText(undefined, "PMC456")).toBe(true);
        expect(store.hasFullText("999", undefined)).toBe(false);
        expect(store.seenAbstract("789")).toBe(false);
        expect(store.seenAbstract("789")).toBe(true);
        store.close();
    });

    it("resume drops the rows of shards the checkpoint does not name, committed or not", async () => {
        const file = path.join(tmp(), "d.sqlite");
        const sig = (words: number) => minhashSignature(Array.from({ length: 200 }, (_, i) => `s${words}-${i}`).join(" "), params);
        const a = sig(1);
        const b = sig(2);
        const c = sig(3);
        let store = SqliteDedupStore.open(file, settings, 0);
        store.addExact(1, 1);
        expect(store.isNearDuplicate(a.bands, a.signature)).toBe(false);
        await store.completeShard(0);
        store.addExact(2, 2);
        store.addFullText("22", undefined);
        expect(store.isNearDuplicate(b.bands, b.signature)).toBe(false);
        await store.completeShard(1); // committed, but say the process died before the checkpoint named shard 1
        store.addExact(3, 3);
        expect(store.isNearDuplicate(c.bands, c.signature)).toBe(false);
        store.close(); // shard 2 never completed: rolled back
        store = SqliteDedupStore.open(file, settings, 1);
        expect(store.hasExact(1, 1)).toBe(true);
        expect(store.hasExact(2, 2)).toBe(false);
        expect(store.hasExact(3, 3)).toBe(false);
        expect(store.hasFullText("22", undefined)).toBe(false);
        expect(store.keptDocuments).toBe(1);
        expect(store.isNearDuplicate(a.bands, a.signature)).toBe(true); // signature of shard 0 kept
        expect(store.isNearDuplicate(b.bands, b.signature)).toBe(false); // shard 1's was removed, so b is new again
        expect(store.keptDocuments).toBe(2);
        store.close();
    });

    it("keeps logged band rows across reopening, also with a smaller budget that cannot buffer them", async () => {
        const file = path.join(tmp(), "d.sqlite");
        const sigs = Array.from({ length: 1000 }, (_, d) => minhashSignature(Array.from({ length: 60 }, (_, i) => `l${d}-${i}`).join(" "), params));
        let store = SqliteDedupStore.open(file, { ...settings, memoryMB: 4 }, 0);
        for (const s of sigs) expect(store.isNearDuplicate(s.bands, s.signature)).toBe(false);
        await store.completeShard(0); // 16,000 band rows: buffered and logged, not yet in the band table
        store.close();
        store = SqliteDedupStore.open(file, settings, 1); // 1 MB buffers 6,554 rows: the log is merged instead
        for (const s of sigs) expect(store.isNearDuplicate(s.bands, s.signature)).toBe(true);
        store.close();
        store = SqliteDedupStore.open(file, { ...settings, memoryMB: 4 }, 1);
        for (const s of sigs.slice(0, 50)) expect(store.isNearDuplicate(s.bands, s.signature)).toBe(true);
        store.close();
    });

    it("imports the in-memory store's journals when a build checkpointed with them resumes on disk", async () => {
        const dir = tmp();
        const mem = new DedupState(16, 96, 0.8, true);
        const a = minhashSignature(Array.from({ length: 200 }, (_, i) => `j${i}`).join(" "), params);
        mem.addExact(5, 6);
        mem.addFullText(undefined, "PMC77");
        mem.seenAbstract("88");
        mem.isNearDuplicate(a.bands, a.signature);
        writeFileSync(journalPath(dir, 0), mem.takeJournal());
        const config = parseCorpusConfig("sources: [{name: g, type: guidelines-jsonl, path: x.jsonl}]\noutput: {dir: out}\n", dir).dedup;
        const store = openDedupStore(config, dir, 1);
        expect(store.hasExact(5, 6)).toBe(true);
        expect(store.hasFullText(undefined, "77")).toBe(true);
        expect(store.seenAbstract("88")).toBe(true);
        expect(store.isNearDuplicate(a.bands, a.signature)).toBe(true);
        store.close();
        expect(() => openDedupStore(config, dir, 2)).toThrow(/lacks shard 1/);
        expect(() => openDedupStore({ ...config, store: "memory" }, tmp(), 1)).toThrow(UserError);
    });

    it("refuses a store written with other MinHash settings", () => {
        const file = path.join(tmp(), "d.sqlite");
        SqliteDedupStore.open(file, settings, 0).close();
        expect(() => SqliteDedupStore.open(file, { ...settings, bands: 20, permutations: 120 }, 0)).toThrow(/other MinHash settings/);
    });
});

describe("dedup.store and dedup.memoryMB config", () => {
    const parse = (dedup: string) => parseCorpusConfig(`sources: [{name: g, type: guidelines-jsonl, path: x.jsonl}]\noutput: {dir: out}\n${dedup}`, "/tmp");
    it("defaults to the disk store with 256 MB", () => {
        expect(parse("").dedup).toMatchObject({ store: "disk", memoryMB: 256 });
        expect(parse("dedup: {store: memory, memoryMB: 8}").dedup).toMatchObject({ store: "memory", memoryMB: 8 });
    });
    it("rejects an unknown store and a memory budget that is not a positive integer, naming the key", () => {
        expect(() => parse("dedup: {store: ram}")).toThrow(/`dedup.store`.*expected `disk`.*or `memory`.*found "ram"/);
        expect(() => parse("dedup: {memoryMB: 0}")).toThrow(/`dedup.memoryMB`.*expected an integer from 1 to/);
        expect(() => parse("dedup: {memoryMB: 1.5}")).toThrow(/`dedup.memoryMB`/);
        expect(() => parse("dedup: {memoryMB: lots}")).toThrow(UserError);
    });
});

/** The in-memory reference, with the store interface (no persistence needed here). */
class MemoryForTest extends DedupState implements DedupStore {
    constructor() {
        super(16, 96, 0.8, true);
    }

    async completeShard(): Promise<void> {
        this.takeJournal();
    }

    close(): void {}
}
