import { U64Map } from "./U64Map.js";
import { estimateJaccard } from "./minhash.js";

/**
 * MinHash LSH index over kept documents. A document is a near duplicate when it shares a band key with a
 * kept document whose estimated Jaccard similarity is at least `threshold`. First come, first kept, so the
 * result depends only on document order and the seed. Memory: ~24 bytes per band per kept document plus
 * one byte per permutation for the signature.
 */
export class NearDuplicateIndex {
    private readonly table: U64Map;
    private signatures: Uint8Array;
    private kept = 0;

    constructor(private readonly bands: number, private readonly permutations: number, private readonly threshold: number) {
        this.table = new U64Map(4096);
        this.signatures = new Uint8Array(permutations * 1024);
    }

    get size(): number {
        return this.kept;
    }

    get byteLength(): number {
        return this.table.byteLength + this.signatures.byteLength;
    }

    /** True if the document duplicates a kept one; otherwise it is added and false is returned. */
    checkAndAdd(bandKeys: Uint32Array, signature: Uint8Array): boolean {
        for (let b = 0; b < this.bands; b++) {
            const other = this.table.get(b, bandKeys[b]!);
            if (other === 0) continue;
            const sim = estimateJaccard(signature, 0, this.signatures, (other - 1) * this.permutations, this.permutations);
            if (sim >= this.threshold) return true;
        }
        this.add(bandKeys, signature);
        return false;
    }

    /** Adds without checking (used to rebuild the index when resuming). */
    add(bandKeys: Uint32Array, signature: Uint8Array): void {
        const index = this.kept++;
        const need = (index + 1) * this.permutations;
        if (need > this.signatures.length) {
            const grown = new Uint8Array(Math.max(need, this.signatures.length * 2));
            grown.set(this.signatures);
            this.signatures = grown;
        }
        this.signatures.set(signature, index * this.permutations);
        for (let b = 0; b < this.bands; b++) this.table.setIfAbsent(b, bandKeys[b]!, index + 1);
    }
}
