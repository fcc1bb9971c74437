import { describe, expect, it } from "vitest";
import { U64Map } from "../../src/corpus/dedup/U64Map.js";
import { estimateJaccard, minhashSignature } from "../../src/corpus/dedup/minhash.js";
import { NearDuplicateIndex } from "../../src/corpus/dedup/NearDuplicateIndex.js";
import { DedupState } from "../../src/corpus/dedup/DedupState.js";
import { seededUniform } from "../../src/corpus/dedup/hashing.js";

const params = { shingleSize: 5, bands: 16, rowsPerBand: 6, seed: 42 };
const words = (n: number, seed: number): string[] => Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 5003}`);

describe("dedup building blocks", () => {
    it("U64Map stores 64-bit keys and grows", () => {
        const map = new U64Map(4);
        for (let i = 0; i < 10_000; i++) expect(map.setIfAbsent(i, i * 3, i + 1)).toBe(true);
        expect(map.setIfAbsent(5, 15, 99)).toBe(false);
        expect(map.get(5, 15)).toBe(6);
        expect(map.has(5, 16)).toBe(false);
        expect(map.size).toBe(10_000);
    });

    it("MinHash finds a lightly edited copy and separates unrelated text, reproducibly for a seed", () => {
        const a = words(400, 1);
        const edited = [...a];
        for (let i = 0; i < 400; i += 100) edited[i] = "changed";
        const other = words(400, 2);
        const sa = minhashSignature(a.join(" "), params);
        const se = minhashSignature(edited.join(" "), params);
        const so = minhashSignature(other.join(" "), params);
        expect(estimateJaccard(sa.signature, 0, se.signature, 0, 96)).toBeGreaterThan(0.8);
        expect(estimateJaccard(sa.signature, 0, so.signature, 0, 96)).toBeLessThan(0.1);
        expect(minhashSignature(a.join(" "), params)).toEqual(sa);
        expect(minhashSignature(a.join(" "), { ...params, seed: 43 }).bands).not.toEqual(sa.bands);
    });

    it("the LSH index flags near duplicates above the threshold only", () => {
        const index = new NearDuplicateIndex(16, 96, 0.8);
        const doc = (w: string[]) => minhashSignature(w.join(" "), params);
        const a = words(300, 3);
        const near = [...a.slice(0, 295), "x", "y", "z", "u", "v"];
        const half = [...a.slice(0, 150), ...words(150, 4)];
        const add = (w: string[]) => { const s = doc(w); return index.checkAndAdd(s.bands, s.signature); };
        expect(add(a)).toBe(false);
        expect(add(near)).toBe(true);
        expect(add(half)).toBe(false);
        expect(index.size).toBe(2);
    });

    it("dedup journals replay into an identical state", () => {
        const s1 = new DedupState(16, 96, 0.8, true);
        s1.addExact(1, 2);
        s1.addFullText("123", "456");
        expect(s1.seenAbstract("789")).toBe(false);
        const sig = minhashSignature(words(200, 5).join(" "), params);
        expect(s1.isNearDuplicate(sig.bands, sig.signature)).toBe(false);
        const journal = s1.takeJournal();
        const s2 = new DedupState(16, 96, 0.8, true);
        s2.replayJournal(journal);
        expect(s2.hasExact(1, 2)).toBe(true);
        expect(s2.hasFullText(undefined, "456")).toBe(true);
        expect(s2.hasFullText("999", undefined)).toBe(false);
        expect(s2.hasFullText(undefined, "PMC456")).toBe(true); // PubMed's "PMC456" matches JATS's "456"
        expect(s2.seenAbstract("789")).toBe(true);
        expect(s2.isNearDuplicate(sig.bands, sig.signature)).toBe(true);
    });

    it("seeded uniform draws are stable and roughly uniform", () => {
        expect(seededUniform(42, "split", "doc1")).toBe(seededUniform(42, "split", "doc1"));
        expect(seededUniform(42, "split", "doc1")).not.toBe(seededUniform(43, "split", "doc1"));
        let below = 0;
        for (let i = 0; i < 20_000; i++) if (seededUniform(7, "split", `d${i}`) < 0.05) below++;
        expect(below / 20_000).toBeGreaterThan(0.045);
        expect(below / 20_000).toBeLessThan(0.055);
    });
});
