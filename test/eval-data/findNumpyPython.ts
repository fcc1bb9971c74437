import { spawnSync } from "node:child_process";

/**
 * A Python interpreter with numpy: `python3` on PATH, else /usr/bin/python3 (Debian's
 * python3-numpy, which .ci/run installs). Undefined when neither imports numpy.
 */
export function findNumpyPython(): string | undefined {
    for (const candidate of ["python3", "/usr/bin/python3"]) {
        const probe = spawnSync(candidate, ["-c", "import numpy"], { encoding: "utf8" });
        if (probe.status === 0) return candidate;
    }
    return undefined;
}

/** Runs a Python snippet (optionally with stdin) and returns its stdout, failing loudly on a non-zero exit. */
export function runPython(python: string, code: string, input?: string): string {
    const result = spawnSync(python, ["-c", code], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...(input === undefined ? {} : { input }) });
    if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
    return result.stdout;
}

export const NUMPY_MISSING =
    "no Python with numpy found (tried python3 and /usr/bin/python3): install python3-numpy (apt-get install python3-numpy; .ci/run does this) so shot selection can be checked against numpy itself";
