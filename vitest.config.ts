import { defineConfig } from "vitest/config";

// One worker, one file at a time: model-loading tests must never run in parallel on the
// 2-core CI machine (llama.cpp threads would fight and slow everything down by orders of magnitude).
export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "src/**/*.test.ts"],
        pool: "forks",
        fileParallelism: false,
        maxWorkers: 1,
        minWorkers: 1,
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ["default", "json"],
        outputFile: { json: "test-output/vitest.json" }
    }
});
