import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const srcRoot = path.resolve(import.meta.dirname, "../../src");

/** Files reachable from `entry` through static, non-type imports (dynamic `import()` is not followed). */
function staticImportGraph(entry: string): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const visit = (file: string): void => {
        if (graph.has(file)) return;
        const source = readFileSync(file, "utf8");
        const specifiers = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms)].map((match) => match[1]!);
        graph.set(file, specifiers);
        for (const specifier of specifiers) {
            if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier).replace(/\.js$/, ".ts"));
        }
    };
    visit(entry);
    return graph;
}

describe("module boundaries", () => {
    it("importing resolveModel, the remote backend or pull never loads node-llama-cpp", () => {
        for (const entry of ["models/resolveModel.ts", "models/openai-compatible/createOpenAICompatibleModel.ts", "models/pull/pullModel.ts", "cli/commands/pull.ts", "cli/commands/models.ts"]) {
            const graph = staticImportGraph(path.join(srcRoot, entry));
            expect(graph.size).toBeGreaterThan(1);
            for (const [file, specifiers] of graph) {
                expect(specifiers, file).not.toContain("node-llama-cpp");
                expect(file.includes(`${path.sep}llama-cpp${path.sep}`), file).toBe(false);
            }
        }
    });

    it("the library parts read no environment variables", () => {
        const graph = staticImportGraph(path.join(srcRoot, "models/resolveModel.ts"));
        for (const file of [...graph.keys(), path.join(srcRoot, "util/progress.ts"), path.join(srcRoot, "util/atomicWrite.ts")]) {
            expect(readFileSync(file, "utf8"), file).not.toMatch(/process\.env/);
        }
    });
});
