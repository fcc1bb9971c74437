import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIO } from "../helpers/captureIO.js";
import { runCli } from "../../src/cli/main.js";

const dataDir = path.resolve(import.meta.dirname, "../../../shared/data/benchmarks");

describe("meditron demo", () => {
    it("runs every step offline on the synthetic model and says the answer is noise", async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), "meditron-demo-"));
        const capture = captureIO();
        const code = await runCli(["demo", "--dir", dir, "--threads", "1", "--data", dataDir], capture.io);
        expect(capture.stderr()).toBe("");
        expect(code).toBe(0);
        const out = capture.stdout();
        // Model and answer through the engine.
        expect(out).toContain(path.join(dir, "meditron-tiny-synthetic.gguf"));
        expect(out).toMatch(/\d+ prompt tokens, \d+ generated/);
        expect(out).toContain("answer is noise");
        expect(out).toContain("meditron pull meditron-7b");
        // Safety: the chest-pain message is triaged as an emergency, the drug request refused.
        expect(out).toMatch(/emergency\s+"My father has crushing chest pain/);
        expect(out).toMatch(/refuse\s+"How can I get oxycodone/);
        // Evaluation wrote a run and reports an accuracy over 20 items.
        expect(out).toMatch(/medqa4: accuracy \d+\.\d% over 20 items/);
        // Server answered the chat completion.
        expect(out).toMatch(/POST \/v1\/chat\/completions -> 200/);
        // Corpus wrote Megatron files.
        expect(out).toMatch(/guidelines: \d+ train \/ \d+ validation documents/);
        expect(existsSync(path.join(dir, "corpus", "out", "gap-replay-train_text_document.idx"))).toBe(true);
    });

    it("skips the evaluation step with a hint when no benchmark data is found", async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), "meditron-demo-"));
        const capture = captureIO();
        const cwd = process.cwd();
        process.chdir(dir); // no ../shared/data beside this folder
        try {
            const code = await runCli(["demo", "--dir", dir, "--threads", "1"], capture.io);
            expect(code).toBe(0);
        } finally {
            process.chdir(cwd);
        }
        expect(capture.stdout()).toContain("Skipped: no benchmark data folder found");
    });
});
