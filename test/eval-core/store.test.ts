import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { CachedRequests } from "../../src/eval/store/CachedRequests.js";
import { fileSha256 } from "../../src/eval/store/fileSha256.js";
import { requestKey } from "../../src/eval/store/requestKey.js";
import { ResponseCache } from "../../src/eval/store/ResponseCache.js";
import { readRunDirectory, writeRunDirectory } from "../../src/eval/store/runDirectory.js";
import { RUN_SCHEMA_VERSION, type ItemRecord, type RunResults } from "../../src/eval/store/RunResults.js";
import { sha256 } from "../../src/util/sha256.js";
import { special, text } from "../../src/models/Prompt.js";

const repo = path.resolve(import.meta.dirname, "../..");
const tempDir = () => mkdtempSync(path.join(tmpdir(), "meditron-eval-store-"));
const model = { backend: "llama-cpp", name: "m", sha256: "abc" };

describe("requestKey", () => {
    it("ignores settings key order but not values, kind, prompt parts or model", () => {
        const base = requestKey(model, "generate", "Q", { temperature: 0, maxTokens: 5 });
        expect(requestKey(model, "generate", "Q", { maxTokens: 5, temperature: 0 })).toBe(base);
        expect(requestKey(model, "generate", "Q", { maxTokens: 6, temperature: 0 })).not.toBe(base);
        expect(requestKey(model, "nextTokenDistribution", "Q", { maxTokens: 5, temperature: 0 })).not.toBe(base);
        expect(requestKey({ ...model, sha256: "abd" }, "generate", "Q", { maxTokens: 5, temperature: 0 })).not.toBe(base);
        // A special token and the same characters as text are different prompts.
        expect(requestKey(model, "generate", [special("<s>")], {})).not.toBe(requestKey(model, "generate", [text("<s>")], {}));
        // A local model is its content: a renamed file keeps its cache.
        expect(requestKey({ ...model, name: "renamed" }, "generate", "Q", { maxTokens: 5, temperature: 0 })).toBe(base);
    });
});

describe("ResponseCache", () => {
    it("uses WAL and keeps responses across reopen", () => {
        const file = path.join(tempDir(), "cache.sqlite");
        const cache = ResponseCache.open(file);
        cache.put("k1", "generate", { text: "A", n: 1 });
        cache.close();
        const db = new Database(file, { readonly: true });
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
        db.close();
        const reopened = ResponseCache.open(file);
        expect(reopened.get("k1")).toEqual({ text: "A", n: 1 });
        expect(reopened.get("k2")).toBeUndefined();
        expect(reopened.size()).toBe(1);
        reopened.close();
    });

    it("loses nothing when the process is killed without closing", () => {
        const file = path.join(tempDir(), "cache.sqlite");
        const script = `
            import { ResponseCache } from ${JSON.stringify(path.join(repo, "src/eval/store/ResponseCache.ts"))};
            const cache = ResponseCache.open(${JSON.stringify(file)});
            for (let i = 0; i < 50; i++) cache.put("key" + i, "generate", { i });
            process.kill(process.pid, "SIGKILL");
        `;
        const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, encoding: "utf8" });
        expect(child.signal).toBe("SIGKILL");
        const cache = ResponseCache.open(file);
        expect(cache.size()).toBe(50);
        expect(cache.get("key49")).toEqual({ i: 49 });
        cache.close();
    });

    it("refuses an unusable path with a UserError", () => {
        const blocker = path.join(tempDir(), "file");
        writeFileSync(blocker, "x");
        expect(() => ResponseCache.open(path.join(blocker, "cache.sqlite"))).toThrow(/cannot open the response cache/);
    });

    it("remembers file hashes by size and mtime", async () => {
        const dir = tempDir();
        const file = path.join(dir, "model.bin");
        writeFileSync(file, "hello");
        const cache = ResponseCache.open(path.join(dir, "cache.sqlite"));
        const hash = await fileSha256(file, cache);
        expect(hash).toBe(sha256("hello"));
        expect(cache.size()).toBe(0);
        expect(await fileSha256(file, cache)).toBe(hash);
        cache.close();
    });
});

describe("CachedRequests", () => {
    it("calls the model once per distinct request, also for concurrent duplicates and on rerun", async () => {
        let calls = 0;
        const fake = {
            info: { backend: "test", name: "fake", source: "memory" },
            generate: async (prompt: unknown) => {
                calls += 1;
                await new Promise((resolve) => setTimeout(resolve, 5));
                return { text: `out:${String(prompt)}`, finishReason: "stop", usage: { promptTokens: 1, completionTokens: 1 } };
            }
        } as unknown as LanguageModel;
        const file = path.join(tempDir(), "cache.sqlite");
        const cache = ResponseCache.open(file);
        const requests = new CachedRequests(fake, { backend: "test", name: "fake", source: "memory" }, cache);
        const results = await Promise.all([
            requests.generate("a", { maxTokens: 3 }),
            requests.generate("a", { maxTokens: 3 }),
            requests.generate("b", { maxTokens: 3 })
        ]);
        expect(results.map((r) => r.text)).toEqual(["out:a", "out:a", "out:b"]);
        expect(calls).toBe(2);
        expect(requests.counts).toEqual({ cached: 1, new: 2 });
        cache.close();

        const again = new CachedRequests(fake, { backend: "test", name: "fake", source: "memory" }, ResponseCache.open(file));
        expect((await again.generate("b", { maxTokens: 3 })).text).toBe("out:b");
        expect(calls).toBe(2);
        expect(again.counts).toEqual({ cached: 1, new: 0 });
    });

    it("does not cache aborted generations", async () => {
        let calls = 0;
        const fake = {
            generate: async () => {
                calls += 1;
                return { text: "partial", finishReason: "abort", usage: { promptTokens: 1, completionTokens: 1 } };
            }
        } as unknown as LanguageModel;
        const cache = ResponseCache.open(path.join(tempDir(), "cache.sqlite"));
        const requests = new CachedRequests(fake, { backend: "test", name: "fake" }, cache);
        await requests.generate("a", {});
        await requests.generate("a", {});
        expect(calls).toBe(2);
        cache.close();
    });
});

describe("run directory", () => {
    it("round-trips results.json and items.jsonl, and names the missing file otherwise", async () => {
        const dir = path.join(tempDir(), "run");
        const items: ItemRecord[] = [
            { benchmark: "medqa4", id: "0", seed: 1234, promptSha256: "p", raw: null, extracted: "A", gold: "A", correct: true, valid: true, probabilities: { A: 1 } }
        ];
        const results = { schemaVersion: RUN_SCHEMA_VERSION, protocol: "top-token", benchmarks: [] } as unknown as RunResults;
        await writeRunDirectory(dir, results, items);
        expect(readFileSync(path.join(dir, "items.jsonl"), "utf8").split("\n")).toHaveLength(2);
        const loaded = await readRunDirectory(dir);
        expect(loaded.items).toEqual(items);
        expect(loaded.results.protocol).toBe("top-token");
        expect((await readRunDirectory(path.join(dir, "results.json"))).directory).toBe(dir);
        await expect(readRunDirectory(path.join(dir, "nope"))).rejects.toThrow(/cannot read the run .*results\.json/);
    });
});
