import { UserError } from "../../util/errors.js";
import { numpyPermutation } from "./numpyPermutation.js";

export interface SelectShotsOptions<T> {
    /** Shot pool in its file order (the order the paper's `datasets.Dataset` had). */
    readonly pool: readonly T[];
    /** Number of demonstrations. */
    readonly k: number;
    /** numpy seed (the paper: 1234 single run; 1234, 432, 32 multi-seed). */
    readonly seed: number | bigint;
    /**
     * Skip pool rows for which this returns true (used by `test-excluding-item`: the pool is the
     * test split and the current item must not be its own demonstration). Without it the result is
     * exactly the paper's `pool.shuffle(seed).select(range(k))`.
     */
    readonly exclude?: (row: T) => boolean;
}

/**
 * The paper's demonstration choice: `train.shuffle(seed=seed).select(range(k))`, i.e. the first
 * k rows of the pool in `np.random.default_rng(seed).permutation(len(pool))` order.
 * With `exclude`, excluded rows are skipped and the next rows of the same permutation are taken.
 */
export function selectShots<T>(options: SelectShotsOptions<T>): T[] {
    const { pool, k, seed, exclude } = options;
    if (!Number.isInteger(k) || k < 0) {
        throw new UserError("invalid number of shots", { expected: "a non-negative integer", found: String(k), fix: "pass --shots 0, 3, 5, ..." });
    }
    if (k === 0) return [];
    const permutation = permutationCache.get(pool.length, seed);
    const shots: T[] = [];
    for (const index of permutation) {
        const row = pool[index]!;
        if (exclude !== undefined && exclude(row)) continue;
        shots.push(row);
        if (shots.length === k) return shots;
    }
    throw new UserError(`not enough shot rows for ${k} shots`, {
        expected: `at least ${k} rows in the shot pool${exclude === undefined ? "" : " besides the current item"}`,
        found: `${pool.length} rows`,
        fix: "lower --shots or use a larger --shots-from file"
    });
}

/**
 * Every item of a run shares one permutation per (pool size, seed); computing it once keeps
 * `test-excluding-item` over thousands of items cheap.
 */
const permutationCache = {
    entries: new Map<string, readonly number[]>(),
    get(n: number, seed: number | bigint): readonly number[] {
        const key = `${n}:${seed}`;
        let permutation = this.entries.get(key);
        if (permutation === undefined) {
            permutation = numpyPermutation(n, seed);
            if (this.entries.size >= 8) this.entries.clear();
            this.entries.set(key, permutation);
        }
        return permutation;
    }
};
