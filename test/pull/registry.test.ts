import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findRegistryModel, modelRegistry, suggestRegistryNames } from "../../src/models/registry/modelRegistry.js";
import { resolvePullSource } from "../../src/models/pull/resolvePullSource.js";
import { resolveModelsDir } from "../../src/models/pull/modelsDirectory.js";
import { atomicWriteFile } from "../../src/util/atomicWrite.js";

describe("model registry", () => {
    it("has unique names, aliases and file names, and only well-formed hashes", () => {
        const names = modelRegistry.flatMap((model) => [model.name, ...model.aliases]);
        expect(new Set(names).size).toBe(names.length);
        const files = modelRegistry.map((model) => model.source.file);
        expect(new Set(files).size).toBe(files.length);
        for (const model of modelRegistry) {
            expect(model.sha256 === null || /^[0-9a-f]{64}$/.test(model.sha256)).toBe(true);
            expect(model.source.file.endsWith(".gguf")).toBe(true);
            expect(model.license).toBe("Llama 2 Community License");
            expect(model.contextLength).toBe(model.family === "meditron-7b" ? 2048 : 4096);
            expect(model.name).toBe(model.name.toLowerCase());
        }
    });

    it("finds names and aliases case-insensitively and suggests near misses", () => {
        expect(findRegistryModel("MEDITRON-7B")?.name).toBe("meditron-7b-q4_k_m");
        expect(findRegistryModel("meditron-70b")?.source).toEqual({ repo: "TheBloke/meditron-70B-GGUF", file: "meditron-70b.Q4_K_M.gguf" });
        expect(findRegistryModel("llama-7b")).toBeUndefined();
        expect(suggestRegistryNames("meditron-7b-q4km")[0]).toBe("meditron-7b-q4_k_m");
    });
});

describe("resolvePullSource", () => {
    it("maps registry names, hf: specs (with revision) and URLs", () => {
        expect(resolvePullSource("meditron-70b-q4_k_m")).toMatchObject({
            url: "https://huggingface.co/TheBloke/meditron-70B-GGUF/resolve/main/meditron-70b.Q4_K_M.gguf",
            fileName: "meditron-70b.Q4_K_M.gguf",
            expectedSha256: "9695002f2bfad13f0635bec41b390decb8bf8220b8eebb4081c9d109eae24764"
        });
        expect(resolvePullSource("hf:QuantFactory/meditron-7b-GGUF/meditron-7b.Q8_0.gguf#abc123", { hfBaseUrl: "http://mirror/" })).toMatchObject({
            url: "http://mirror/QuantFactory/meditron-7b-GGUF/resolve/abc123/meditron-7b.Q8_0.gguf",
            fileName: "meditron-7b.Q8_0.gguf",
            expectedSha256: null
        });
        expect(resolvePullSource("https://example.org/models/my%20model.gguf?download=1")).toMatchObject({ fileName: "my model.gguf", huggingFace: false });
        expect(() => resolvePullSource("https://example.org/")).toThrow(/cannot derive a file name/);
    });
});

describe("resolveModelsDir", () => {
    it("prefers the flag, then MEDITRON_MODELS_DIR, then the XDG/home cache", () => {
        expect(resolveModelsDir({ flag: "/a", env: { MEDITRON_MODELS_DIR: "/b" } })).toBe("/a");
        expect(resolveModelsDir({ env: { MEDITRON_MODELS_DIR: "/b" } })).toBe("/b");
        expect(resolveModelsDir({ env: { XDG_CACHE_HOME: "/c" } })).toBe(path.join("/c", "meditron", "models"));
        expect(resolveModelsDir({ env: {} })).toMatch(/\.cache[\\/]meditron[\\/]models$/);
    });
});

describe("atomicWriteFile", () => {
    it("replaces a file whole and leaves no temp file behind", async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "meditron-atomic-"));
        try {
            const file = path.join(dir, "state.json");
            await writeFile(file, "old");
            await atomicWriteFile(file, "new content");
            expect(await readFile(file, "utf8")).toBe("new content");
            await atomicWriteFile(file, Buffer.from([1, 2, 3]));
            expect([...(await readFile(file))]).toEqual([1, 2, 3]);
            expect(await readdir(dir)).toEqual(["state.json"]);
            await expect(atomicWriteFile(path.join(dir, "missing", "x"), "y")).rejects.toThrow(/ENOENT/);
            expect(await readdir(dir)).toEqual(["state.json"]);
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});
