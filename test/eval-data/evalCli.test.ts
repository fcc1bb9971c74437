import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATA_DIR, FIXTURES_DIR } from "./dataDir.js";
import { runCliCaptured } from "../helpers/captureIO.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "meditron-eval-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string | undefined> = {}) => runCliCaptured(args, { env });

interface PromptLine {
    benchmark: string;
    item: string;
    seed: number;
    prompt: string;
    gold: string;
    shots: string[];
}

const lines = (stdout: string): PromptLine[] => stdout.trim().split("\n").map((line) => JSON.parse(line) as PromptLine);

describe("meditron eval datasets", () => {
    it("lists every benchmark with its files, presence, item count and where to obtain it", async () => {
        const { code, stdout } = await run(["eval", "datasets", "--data", DATA_DIR]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/medqa4\s+present\s+1273\s+1\/1\s+--shots-from/);
        expect(stdout).toMatch(/mmlu-medical\s+present\s+1871\s+9\/9\s+train/);
        expect(stdout).toContain("missing  medqa/questions/US/train.jsonl (train, optional)");
        expect(stdout).toContain("obtain: https://github.com/pubmedqa/pubmedqa");
    });

    it("reads MEDITRON_DATA_DIR when --data is absent, and says what to do when neither is set", async () => {
        const viaEnv = await run(["eval", "datasets", "--json"], { MEDITRON_DATA_DIR: DATA_DIR });
        expect(viaEnv.code).toBe(0);
        const entries = viaEnv.stdout.trim().split("\n").map((line) => JSON.parse(line) as { benchmark: string; status: string });
        expect(entries.map((entry) => entry.benchmark)).toEqual(["medqa", "medqa4", "medmcqa", "pubmedqa", "mmlu-medical", "truthfulqa"]);
        expect(entries.every((entry) => entry.status === "present")).toBe(true);
        const none = await run(["eval", "datasets"]);
        expect(none.code).toBe(1);
        expect(none.stderr).toContain("no benchmark data directory; expected --data DIR or the MEDITRON_DATA_DIR environment variable");
    });
});

describe("meditron eval prompts", () => {
    it("prints one JSON line per item equal to the reference prompts (medqa4 3-shot from dev, seed 1234)", async () => {
        const reference = readFileSync(path.join(FIXTURES_DIR, "reference_prompts.jsonl"), "utf8")
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { benchmark: string; item: string; shots: number; seed: number; format: string; cot: boolean; prompt: string; shotsFrom: string })
            .filter((c) => c.benchmark === "medqa4" && c.shots === 3 && c.seed === 1234);
        expect(reference.length).toBe(2);
        const { code, stdout, stderr } = await run([
            "eval", "prompts", "--bench", "medqa4", "--protocol", "top-token", "--data", DATA_DIR,
            "--shots-from", path.join(DATA_DIR, "medqa/questions/US/4_options/phrases_no_exclude_dev.jsonl"),
            "--items", reference.map((c) => c.item).join(",")
        ]);
        expect(code).toBe(0);
        expect(stderr).toContain("meditron: 3 shots, seed 1234, from medqa4 rows from");
        const printed = lines(stdout);
        expect(printed.map((line) => line.item)).toEqual(reference.map((c) => c.item));
        printed.forEach((line, i) => {
            expect(line.benchmark).toBe("medqa4");
            expect(line.seed).toBe(1234);
            expect(line.prompt).toBe(reference[i]!.prompt);
            expect(line.shots).toHaveLength(3);
        });
    });

    it("a user-made MedMCQA --shots-from file and test-excluding-item", async () => {
        const devLines = readFileSync(path.join(DATA_DIR, "medmcqa/dev.json"), "utf8").split("\n").slice(100, 110);
        const shotsFile = path.join(scratch, "medmcqa-shots.jsonl");
        writeFileSync(shotsFile, `${devLines.join("\n")}\n`);
        const fromFile = await run(["eval", "prompts", "--bench", "medmcqa", "--protocol", "paper-generate", "--data", DATA_DIR, "--shots-from", shotsFile, "--shots", "2", "--items", "45258d3d-b974-44dd-a161-c3fccbdadd88"]);
        expect(fromFile.code).toBe(0);
        const [line] = lines(fromFile.stdout);
        const fileIds = devLines.map((l) => (JSON.parse(l) as { id: string }).id);
        expect(line!.shots.every((id) => fileIds.includes(id))).toBe(true);
        expect(line!.prompt.split("The answer is:").length - 1).toBe(3);
        expect(line!.prompt.endsWith("The answer is:")).toBe(true);

        const excluding = await run(["eval", "prompts", "--bench", "medmcqa", "--protocol", "top-token", "--data", DATA_DIR, "--shots-from", "test-excluding-item", "--items", "45258d3d-b974-44dd-a161-c3fccbdadd88"]);
        expect(lines(excluding.stdout)[0]!.shots).not.toContain("45258d3d-b974-44dd-a161-c3fccbdadd88");
    });

    it("zero-shot CoT and the ChatML wrapper", async () => {
        const { stdout } = await run(["eval", "prompts", "--bench", "pubmedqa", "--protocol", "cot", "--data", DATA_DIR, "--items", "12377809", "--format", "chatml"]);
        const [line] = lines(stdout);
        expect(line!.gold).toBe("yes");
        expect(line!.shots).toEqual([]);
        expect(line!.prompt.startsWith("<|im_start|>question\nAs an expert doctor")).toBe(true);
        expect(line!.prompt.endsWith("Let\u2019s think step by step.\n<|im_end|>\n<|im_start|>answer\n")).toBe(true);
    });

    it("unknown benchmark, protocol or item, and a missing shot source, are one-line errors", async () => {
        const bench = await run(["eval", "prompts", "--bench", "usmle", "--protocol", "top-token", "--data", DATA_DIR]);
        expect(bench.code).toBe(1);
        expect(bench.stderr).toContain('unknown benchmark "usmle"; expected one of medqa, medqa4, medmcqa, pubmedqa, mmlu-medical, truthfulqa');
        const protocol = await run(["eval", "prompts", "--bench", "medqa", "--protocol", "greedy", "--data", DATA_DIR]);
        expect(protocol.stderr).toContain('unknown protocol "greedy"; expected one of top-token, paper-generate, loglikelihood, cot, sc-cot');
        const item = await run(["eval", "prompts", "--bench", "mmlu-medical", "--protocol", "top-token", "--shots", "0", "--data", DATA_DIR, "--items", "nutrition:999"]);
        expect(item.stderr).toContain('mmlu-medical has no item "nutrition:999"');
        const shots = await run(["eval", "prompts", "--bench", "medqa", "--protocol", "top-token", "--data", DATA_DIR, "--items", "0"]);
        expect(shots.code).toBe(1);
        expect(shots.stderr).toContain("medqa: no source for few-shot demonstrations");
        expect(shots.stderr).toContain("--shots-from test-excluding-item");
    });
});
