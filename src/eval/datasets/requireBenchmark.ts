import { UserError } from "../../util/errors.js";
import { BENCHMARK_NAMES, findBenchmark, type BenchmarkSpec } from "./benchmarks.js";

/** The benchmark's spec, or a UserError listing the valid names. */
export function requireBenchmark(name: string): BenchmarkSpec {
    const spec = findBenchmark(name);
    if (spec === undefined) {
        throw new UserError(`unknown benchmark "${name}"`, {
            expected: `one of ${BENCHMARK_NAMES.join(", ")}`,
            found: JSON.stringify(name),
            fix: "run `meditron eval datasets` to see them"
        });
    }
    return spec;
}
