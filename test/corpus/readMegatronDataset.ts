import { readFileSync } from "node:fs";

/**
 * An independent reader of Megatron-LLM's mmap indexed dataset, written from the format description in
 * meditron-system.md §2.5 (not from our writer): `.idx` = magic "MMIDIDX\0\0", <Q version 1, <B dtype code,
 * <Q n_sequences, <Q n_doc_idx, int32 sizes[n], int64 pointers[n], int64 doc_idx[n_doc_idx]; `.bin` = tokens.
 * Returns each document's tokens; throws on any inconsistency.
 */
export function readMegatronDataset(prefix: string): number[][] {
    const idx = readFileSync(`${prefix}.idx`);
    const bin = readFileSync(`${prefix}.bin`);
    if (idx.toString("latin1", 0, 9) !== "MMIDIDX\x00\x00") throw new Error("bad magic");
    if (idx.readBigUInt64LE(9) !== 1n) throw new Error("bad version");
    const dtype = idx.readUInt8(17);
    if (dtype !== 8) throw new Error(`dtype code ${dtype}, expected 8 (uint16)`);
    const n = Number(idx.readBigUInt64LE(18));
    const nDocIdx = Number(idx.readBigUInt64LE(26));
    let off = 34;
    const sizes: number[] = [];
    for (let i = 0; i < n; i++, off += 4) sizes.push(idx.readInt32LE(off));
    const pointers: number[] = [];
    for (let i = 0; i < n; i++, off += 8) pointers.push(Number(idx.readBigInt64LE(off)));
    const docIdx: number[] = [];
    for (let i = 0; i < nDocIdx; i++, off += 8) docIdx.push(Number(idx.readBigInt64LE(off)));
    if (off !== idx.length) throw new Error(`idx has ${idx.length - off} trailing bytes`);
    if (docIdx[0] !== 0 || docIdx.at(-1) !== n) throw new Error("doc_idx must run from 0 to n");
    const docs: number[][] = [];
    let expectedPointer = 0;
    for (let i = 0; i < n; i++) {
        if (pointers[i] !== expectedPointer) throw new Error(`pointer ${i} is ${pointers[i]}, expected ${expectedPointer}`);
        const tokens: number[] = [];
        for (let t = 0; t < sizes[i]!; t++) tokens.push(bin.readUInt16LE(pointers[i]! + 2 * t));
        docs.push(tokens);
        expectedPointer += sizes[i]! * 2;
    }
    if (expectedPointer !== bin.length) throw new Error(`bin has ${bin.length} bytes, sizes say ${expectedPointer}`);
    return docs;
}
