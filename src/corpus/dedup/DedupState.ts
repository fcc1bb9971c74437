import { U64Map } from "./U64Map.js";
import { NearDuplicateIndex } from "./NearDuplicateIndex.js";
import { idKey } from "./DedupStore.js";

/**
 * All global dedup state of a build (exact keys, full-text ids, abstract ids, MinHash LSH) plus a journal
 * of what the current shard added. The journal is saved when a shard completes; a resumed build replays
 * the journals of completed shards to get exactly the state it had.
 */
export class DedupState {
    readonly exact = new U64Map(1 << 16);
    readonly fullTextIds = new U64Map(1 << 12);
    readonly abstractIds = new U64Map(1 << 12);
    readonly near: NearDuplicateIndex | null;
    private journalExact: number[] = [];
    private journalFullText: number[] = [];
    private journalAbstract: number[] = [];
    private journalBands: Uint32Array[] = [];
    private journalSignatures: Uint8Array[] = [];

    constructor(private readonly bands: number, private readonly permutations: number, threshold: number, nearEnabled: boolean) {
        this.near = nearEnabled ? new NearDuplicateIndex(bands, permutations, threshold) : null;
    }

    /** PMC ids are compared without their "PMC" prefix (PubMed writes "PMC123", JATS often "123"). */
    static idKey(kind: "pmid" | "pmc", id: string): [number, number] {
        return idKey(kind, id);
    }

    hasExact(hi: number, lo: number): boolean {
        return this.exact.has(hi, lo);
    }

    addExact(hi: number, lo: number): void {
        if (this.exact.setIfAbsent(hi, lo, 1)) this.journalExact.push(hi, lo);
    }

    hasFullText(pmid: string | undefined, pmcid: string | undefined): boolean {
        return (pmid !== undefined && this.fullTextIds.has(...DedupState.idKey("pmid", pmid)))
            || (pmcid !== undefined && this.fullTextIds.has(...DedupState.idKey("pmc", pmcid)));
    }

    addFullText(pmid: string | undefined, pmcid: string | undefined): void {
        for (const [kind, id] of [["pmid", pmid], ["pmc", pmcid]] as const) {
            if (id === undefined) continue;
            const [hi, lo] = DedupState.idKey(kind, id);
            if (this.fullTextIds.setIfAbsent(hi, lo, 1)) this.journalFullText.push(hi, lo);
        }
    }

    /** True if this abstract id was seen before; records it otherwise. */
    seenAbstract(pmid: string): boolean {
        const [hi, lo] = DedupState.idKey("pmid", pmid);
        if (!this.abstractIds.setIfAbsent(hi, lo, 1)) return true;
        this.journalAbstract.push(hi, lo);
        return false;
    }

    /** True if a near duplicate of a kept document; otherwise it is indexed. */
    isNearDuplicate(bands: Uint32Array, signature: Uint8Array): boolean {
        if (this.near === null) return false;
        if (this.near.checkAndAdd(bands, signature)) return true;
        this.journalBands.push(bands);
        this.journalSignatures.push(signature);
        return false;
    }

    /** Serialises and clears the current shard's journal. */
    takeJournal(): Buffer {
        const n = this.journalBands.length;
        const parts = [
            Uint32Array.from([this.journalExact.length, this.journalFullText.length, this.journalAbstract.length, n, this.bands, this.permutations]),
            Uint32Array.from(this.journalExact), Uint32Array.from(this.journalFullText), Uint32Array.from(this.journalAbstract),
            ...this.journalBands
        ];
        const buffers = [...parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)), ...this.journalSignatures.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength))];
        this.journalExact = [];
        this.journalFullText = [];
        this.journalAbstract = [];
        this.journalBands = [];
        this.journalSignatures = [];
        return Buffer.concat(buffers);
    }

    /** Re-applies a saved journal (resume). */
    replayJournal(data: Buffer): void {
        const aligned = new Uint8Array(data).buffer;
        const head = new Uint32Array(aligned, 0, 6);
        const [nExact, nFull, nAbs, n, bands, perms] = head as unknown as number[];
        if (bands !== this.bands || perms !== this.permutations) throw new Error("dedup journal was written with other MinHash settings");
        let offset = 24;
        const u32 = (count: number): Uint32Array => {
            const out = new Uint32Array(aligned, offset, count);
            offset += count * 4;
            return out;
        };
        const exact = u32(nExact!);
        for (let i = 0; i < exact.length; i += 2) this.exact.setIfAbsent(exact[i]!, exact[i + 1]!, 1);
        const full = u32(nFull!);
        for (let i = 0; i < full.length; i += 2) this.fullTextIds.setIfAbsent(full[i]!, full[i + 1]!, 1);
        const abs = u32(nAbs!);
        for (let i = 0; i < abs.length; i += 2) this.abstractIds.setIfAbsent(abs[i]!, abs[i + 1]!, 1);
        const bandKeys = u32(n! * bands!);
        const sigs = new Uint8Array(aligned, offset, n! * perms!);
        for (let d = 0; d < n!; d++) this.near?.add(bandKeys.subarray(d * bands!, (d + 1) * bands!), sigs.subarray(d * perms!, (d + 1) * perms!));
    }
}
