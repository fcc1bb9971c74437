/**
 * numpy's `SeedSequence` (numpy/random/bit_generator.pyx), for integer entropy with an empty
 * spawn key and the default pool of four 32-bit words: the only way `np.random.default_rng(seed)`
 * uses it.
 *
 * Everything is 32-bit unsigned arithmetic; `Math.imul` gives the low 32 bits of a product the
 * way C's uint32_t multiplication does, and `>>> 0` brings results back to unsigned.
 */
const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

export class SeedSequence {
    /** The mixed entropy pool (4 uint32 words). */
    readonly pool: Uint32Array;

    constructor(entropy: number | bigint) {
        this.pool = mixEntropy(entropyToUint32Words(entropy));
    }

    /** `generate_state(nWords, np.uint32)`. */
    generateState32(nWords: number): Uint32Array {
        const state = new Uint32Array(nWords);
        let hashConst = INIT_B;
        for (let i = 0; i < nWords; i++) {
            let value = this.pool[i % POOL_SIZE]! ^ hashConst;
            hashConst = Math.imul(hashConst, MULT_B) >>> 0;
            value = Math.imul(value, hashConst) >>> 0;
            value = (value ^ (value >>> XSHIFT)) >>> 0;
            state[i] = value;
        }
        return state;
    }

    /**
     * `generate_state(nWords, np.uint64)`: twice as many 32-bit words, paired little-endian
     * (numpy views them as '<u8').
     */
    generateState64(nWords: number): bigint[] {
        const words = this.generateState32(nWords * 2);
        const out: bigint[] = [];
        for (let i = 0; i < nWords; i++) out.push(BigInt(words[2 * i]!) | (BigInt(words[2 * i + 1]!) << 32n));
        return out;
    }
}

/** `_int_to_uint32_array`: lowest 32 bits first; 0 is one zero word. */
export function entropyToUint32Words(entropy: number | bigint): number[] {
    let n = typeof entropy === "bigint" ? entropy : BigInt(entropy);
    if (typeof entropy === "number" && !Number.isSafeInteger(entropy)) {
        throw new RangeError(`seed must be a safe integer or a bigint, got ${entropy}`);
    }
    if (n < 0n) throw new RangeError(`seed must be non-negative (numpy rejects negative seeds), got ${entropy}`);
    if (n === 0n) return [0];
    const words: number[] = [];
    while (n > 0n) {
        words.push(Number(n & 0xffffffffn));
        n >>= 32n;
    }
    return words;
}

function hashmix(value: number, hashConst: { value: number }): number {
    value = (value ^ hashConst.value) >>> 0;
    hashConst.value = Math.imul(hashConst.value, MULT_A) >>> 0;
    value = Math.imul(value, hashConst.value) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
}

function mix(x: number, y: number): number {
    let result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    result = (result ^ (result >>> XSHIFT)) >>> 0;
    return result;
}

/** `SeedSequence.mix_entropy` into a fresh pool. */
function mixEntropy(entropy: readonly number[]): Uint32Array {
    const pool = new Uint32Array(POOL_SIZE);
    const hashConst = { value: INIT_A };
    for (let i = 0; i < POOL_SIZE; i++) {
        pool[i] = hashmix(i < entropy.length ? entropy[i]! : 0, hashConst);
    }
    for (let src = 0; src < POOL_SIZE; src++) {
        for (let dst = 0; dst < POOL_SIZE; dst++) {
            if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!, hashConst));
        }
    }
    for (let src = POOL_SIZE; src < entropy.length; src++) {
        for (let dst = 0; dst < POOL_SIZE; dst++) {
            pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!, hashConst));
        }
    }
    return pool;
}
