import { Pcg64 } from "./Pcg64.js";

/**
 * `np.random.default_rng(seed).permutation(n)`, element for element.
 *
 * `Generator.permutation(int)` is `arr = np.arange(n); self.shuffle(arr)`; for a 1-d array
 * `shuffle` runs `_shuffle_raw_wrap(bitgen, n, first=1, ...)`, a Fisher-Yates pass from the
 * end: `for i in reversed(range(1, n)): j = random_interval(bitgen, i); swap(i, j)`
 * (numpy/random/_generator.pyx). `random_interval(max)` (distributions.c) draws with a bit mask
 * and rejection, on 32-bit draws when max ≤ 0xffffffff: it is NOT Lemire's bounded method
 * (that one is `random_bounded_uint64`, used by `integers` and `choice`).
 *
 * This is what Hugging Face `Dataset.shuffle(seed)` does: `generator = np.random.default_rng(seed)`,
 * `permutation = generator.permutation(len(self))`, `self.select(indices=permutation)`
 * (huggingface/datasets src/datasets/arrow_dataset.py, `Dataset.shuffle`).
 */
export function numpyPermutation(n: number, seed: number | bigint): number[] {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
        throw new RangeError(`permutation size must be an integer in [0, 2^32), got ${n}`);
    }
    const rng = new Pcg64(seed);
    const arr = new Array<number>(n);
    for (let i = 0; i < n; i++) arr[i] = i;
    for (let i = n - 1; i >= 1; i--) {
        const j = randomInterval32(rng, i);
        const tmp = arr[i]!;
        arr[i] = arr[j]!;
        arr[j] = tmp;
    }
    return arr;
}

/** `random_interval(bitgen, max)` for max ≤ 0xffffffff. */
function randomInterval32(rng: Pcg64, max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
        value = (rng.next32() & mask) >>> 0;
    } while (value > max);
    return value;
}
