import os from "node:os";

/**
 * The thread count llama.cpp should use when the caller does not choose one: an estimate of the
 * number of physical cores.
 *
 * Why not node-llama-cpp's default: it uses max(cores, 4), which on a 2-core machine
 * oversubscribes the CPU and makes inference hundreds of times slower (ggml's spinning workers
 * fight each other and Node's own threads). Node cannot see physical cores, so we assume
 * two hardware threads per core (SMT) whenever more than two logical CPUs are visible and
 * keep one logical CPU free on small machines: 1 → 1, 2 → 1, 4 → 2, 16 → 8, 64 → 32.
 * The result never exceeds the logical CPU count, so it can never oversubscribe.
 */
export function defaultThreads(logicalCpus: number = availableCpus()): number {
    const logical = Math.max(1, Math.floor(logicalCpus));
    return Math.max(1, Math.min(logical, Math.floor(logical / 2)));
}

/** Logical CPUs this process may use (cgroup/affinity aware where Node supports it). */
export function availableCpus(): number {
    const parallelism = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, parallelism);
}
