import { fmix32 } from "./hashing.js";

/**
 * A fixed-size bit set over (namespace, 32-bit key) pairs: one bit per key (a Bloom filter with one hash).
 * "Absent" answers are certain, so the disk store skips the SQLite lookup for most keys it has never stored;
 * a set bit only means "look it up". Its size is fixed by the memory budget, not by the number of keys:
 * the false-positive rate grows with the keys (1 - e^(-keys/bits)), the memory does not.
 */
export class KeyFilter {
    readonly bits: Uint32Array;
    private readonly mask: number;

    /** `bytes` is rounded down to a power of two (4 KiB to 512 MiB: 2^32 bits, the most a 32-bit hash addresses). */
    constructor(bytes: number) {
        let words = 1024;
        while (words * 8 <= bytes && words < 2 ** 27) words *= 2;
        this.bits = new Uint32Array(words);
        this.mask = words * 32 - 1;
    }

    private bit(namespace: number, key: number): number {
        return fmix32((key ^ fmix32(Math.imul(namespace + 1, 0x9e3779b9))) >>> 0) & this.mask;
    }

    add(namespace: number, key: number): void {
        const i = this.bit(namespace, key);
        this.bits[i >>> 5]! |= 1 << (i & 31);
    }

    mayHave(namespace: number, key: number): boolean {
        const i = this.bit(namespace, key);
        return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
    }
}
