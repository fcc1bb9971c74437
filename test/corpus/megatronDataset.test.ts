import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IndexedDatasetWriter } from "../../src/corpus/megatron/IndexedDatasetWriter.js";
import { readMegatronDataset } from "./readMegatronDataset.js";

describe("Megatron mmap indexed dataset writer", () => {
    it("writes the exact .idx layout and the uint16 .bin, read back by an independent reader", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "corpus-mmap-"));
        const docs = [[1, 2, 32002], [65535, 0, 7, 32002], [32002]];
        const writer = new IndexedDatasetWriter(path.join(dir, "work"));
        for (const d of docs) writer.append(Uint16Array.from(d));
        writer.finish(path.join(dir, "x_text_document"));
        const idx = readFileSync(path.join(dir, "x_text_document.idx"));
        expect(idx.subarray(0, 9).toString("latin1")).toBe("MMIDIDX\x00\x00");
        expect(idx.length).toBe(34 + 3 * 4 + 3 * 8 + 4 * 8);
        expect(readMegatronDataset(path.join(dir, "x_text_document"))).toEqual(docs);
    });

    it("resumes by truncating back to the checkpointed position", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "corpus-mmap-"));
        const w1 = new IndexedDatasetWriter(path.join(dir, "work"));
        w1.append(Uint16Array.from([5, 6]));
        const checkpoint = w1.position;
        w1.append(Uint16Array.from([9, 9, 9])); // written after the checkpoint: lost in the "crash"
        w1.close();
        const w2 = new IndexedDatasetWriter(path.join(dir, "work"), checkpoint);
        w2.append(Uint16Array.from([7]));
        w2.finish(path.join(dir, "y_text_document"));
        expect(readMegatronDataset(path.join(dir, "y_text_document"))).toEqual([[5, 6], [7]]);
    });
});
