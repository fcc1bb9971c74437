/**
 * CPython's `random.Random` (Mersenne Twister MT19937, Modules/_randommodule.c + Lib/random.py),
 * reproducing `random.seed(int)`, `random()`, `choices(population, k)` (unweighted) and
 * `shuffle(x)` draw for draw.
 *
 * Why: the paper's TruthfulQA conversion calls the unseeded module-level `random.choices` and
 * `random.shuffle`, so its distractors are irreproducible. We seed the same algorithm: a user who
 * runs the paper's code after `random.seed(s)` gets our conversion for seed `s`.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class PythonRandom {
    private readonly mt = new Uint32Array(N);
    private index = N + 1;

    /** `random.seed(seed)` for an int seed (CPython uses abs(seed) split into 32-bit words). */
    constructor(seed: number | bigint) {
        let n = typeof seed === "bigint" ? seed : BigInt(seed);
        if (n < 0n) n = -n;
        const key: number[] = [];
        if (n === 0n) key.push(0);
        while (n > 0n) {
            key.push(Number(n & 0xffffffffn));
            n >>= 32n;
        }
        this.initByArray(key);
    }

    /** `random.random()`: 53-bit float from two 32-bit outputs. */
    random(): number {
        const a = this.nextUint32() >>> 5;
        const b = this.nextUint32() >>> 6;
        return (a * 67108864 + b) / 9007199254740992;
    }

    /** `random.getrandbits(k)` for 1 ≤ k ≤ 32. */
    getrandbits(k: number): number {
        if (k < 1 || k > 32) throw new RangeError(`getrandbits supports 1..32 bits here, got ${k}`);
        return this.nextUint32() >>> (32 - k);
    }

    /** `Random._randbelow_with_getrandbits(n)`. */
    randbelow(n: number): number {
        if (n <= 0) return 0;
        const k = bitLength(n);
        let r = this.getrandbits(k);
        while (r >= n) r = this.getrandbits(k);
        return r;
    }

    /** `random.choices(population, k=k)` without weights: with replacement. */
    choices<T>(population: readonly T[], k: number): T[] {
        const n = population.length;
        const out: T[] = [];
        for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * n)]!);
        return out;
    }

    /** `random.shuffle(x)` in place. */
    shuffle<T>(x: T[]): void {
        for (let i = x.length - 1; i >= 1; i--) {
            const j = this.randbelow(i + 1);
            const tmp = x[i]!;
            x[i] = x[j]!;
            x[j] = tmp;
        }
    }

    /** genrand_uint32. */
    nextUint32(): number {
        const mt = this.mt;
        if (this.index >= N) {
            let kk = 0;
            for (; kk < N - M; kk++) {
                const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
                mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
            }
            for (; kk < N - 1; kk++) {
                const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
            }
            const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
            mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
            this.index = 0;
        }
        let y = mt[this.index++]!;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y >>> 0;
    }

    private initGenrand(s: number): void {
        const mt = this.mt;
        mt[0] = s >>> 0;
        for (let i = 1; i < N; i++) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
        }
        this.index = N;
    }

    private initByArray(key: readonly number[]): void {
        const mt = this.mt;
        this.initGenrand(19650218);
        let i = 1;
        let j = 0;
        const keyLength = key.length;
        for (let k = Math.max(N, keyLength); k > 0; k--) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1]!;
                i = 1;
            }
            if (j >= keyLength) j = 0;
        }
        for (let k = N - 1; k > 0; k--) {
            const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
            mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1]!;
                i = 1;
            }
        }
        mt[0] = 0x80000000;
        this.index = N;
    }
}

function bitLength(n: number): number {
    return n === 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}
