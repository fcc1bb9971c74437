/**
 * Open-addressing hash map (linear probing) from 64-bit keys (two uint32 halves) to uint32 values, in typed
 * arrays: 12 bytes per slot, 16-32 bytes per entry at the load factor of 0.375-0.75 it keeps, with no
 * per-entry JS objects, so dedup memory stays small and predictable. Value 0 means "absent"; callers store
 * value+1.
 */
export class U64Map {
    private keysHi: Uint32Array;
    private keysLo: Uint32Array;
    private values: Uint32Array;
    private count = 0;

    constructor(initialCapacity = 1024) {
        let cap = 16;
        while (cap * 3 < initialCapacity * 4) cap *= 2;
        this.keysHi = new Uint32Array(cap);
        this.keysLo = new Uint32Array(cap);
        this.values = new Uint32Array(cap);
    }

    get size(): number {
        return this.count;
    }

    /** Bytes held by the table. */
    get byteLength(): number {
        return this.keysHi.byteLength * 3;
    }

    /** Empties the map, keeping its capacity. */
    clear(): void {
        this.values.fill(0);
        this.count = 0;
    }

    private slot(hi: number, lo: number): number {
        const mask = this.values.length - 1;
        let i = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
        while (this.values[i] !== 0 && (this.keysHi[i] !== hi || this.keysLo[i] !== lo)) i = (i + 1) & mask;
        return i;
    }

    get(hi: number, lo: number): number {
        return this.values[this.slot(hi >>> 0, lo >>> 0)]!;
    }

    has(hi: number, lo: number): boolean {
        return this.get(hi, lo) !== 0;
    }

    /** Sets the value (must be non-zero). Returns false if the key was already present (value unchanged). */
    setIfAbsent(hi: number, lo: number, value: number): boolean {
        if (value === 0) throw new Error("U64Map values must be non-zero");
        const i = this.slot(hi >>> 0, lo >>> 0);
        if (this.values[i] !== 0) return false;
        this.keysHi[i] = hi >>> 0;
        this.keysLo[i] = lo >>> 0;
        this.values[i] = value;
        this.count++;
        if (this.count * 4 > this.values.length * 3) this.grow();
        return true;
    }

    private grow(): void {
        const { keysHi, keysLo, values } = this;
        const cap = values.length * 2;
        this.keysHi = new Uint32Array(cap);
        this.keysLo = new Uint32Array(cap);
        this.values = new Uint32Array(cap);
        for (let j = 0; j < values.length; j++) {
            if (values[j] === 0) continue;
            const i = this.slot(keysHi[j]!, keysLo[j]!);
            this.keysHi[i] = keysHi[j]!;
            this.keysLo[i] = keysLo[j]!;
            this.values[i] = values[j]!;
        }
    }
}
