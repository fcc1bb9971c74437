import { hash64 } from "./hashing.js";

/**
 * The global dedup state of a build, as the main thread sees it: every decision is taken in document order
 * against what earlier documents added. Two implementations give identical answers: `DedupState` (in
 * memory, fast, grows ~580 bytes per kept document) and `SqliteDedupStore` (on disk, memory bounded by
 * `dedup.memoryMB`). Lookups always see the current shard's own additions.
 */
export interface DedupStore {
    hasExact(hi: number, lo: number): boolean;
    addExact(hi: number, lo: number): void;
    hasFullText(pmid: string | undefined, pmcid: string | undefined): boolean;
    addFullText(pmid: string | undefined, pmcid: string | undefined): void;
    /** True if this abstract id was seen before; records it otherwise. */
    seenAbstract(pmid: string): boolean;
    /** True if a near duplicate of a kept document; otherwise the document is indexed. */
    isNearDuplicate(bands: Uint32Array, signature: Uint8Array): boolean;
    /** Makes everything added since the last call durable as shard `shardIndex`, before the checkpoint names it complete. */
    completeShard(shardIndex: number): Promise<void>;
    close(): void;
}

/** PMC ids are compared without their "PMC" prefix (PubMed writes "PMC123", JATS often "123"). */
export function idKey(kind: "pmid" | "pmc", id: string): [number, number] {
    return hash64(`${kind}:${kind === "pmc" ? id.trim().replace(/^PMC/i, "") : id.trim()}`);
}
