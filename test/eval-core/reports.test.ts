import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { summarizeBenchmark } from "../../src/eval/metrics/summarizeBenchmark.js";
import { compareRuns, formatComparison } from "../../src/eval/report/compareRuns.js";
import { htmlReport } from "../../src/eval/report/htmlReport.js";
import { markdownReport } from "../../src/eval/report/markdownReport.js";
import { readRunDirectory, writeRunDirectory } from "../../src/eval/store/runDirectory.js";
import { RUN_SCHEMA_VERSION, type ItemRecord, type RunResults } from "../../src/eval/store/RunResults.js";
import { registerEvalCompare } from "../../src/cli/commands/eval/compare.js";
import { registerEvalReport } from "../../src/cli/commands/eval/report.js";
import { captureIO } from "../helpers/captureIO.js";

function items(benchmark: string, seed: number, correct: readonly boolean[], extra: (i: number) => Partial<ItemRecord> = () => ({})): ItemRecord[] {
    return correct.map((ok, i) => ({
        benchmark, id: String(i), seed, promptSha256: "x", raw: null, extracted: ok ? "A" : "B", gold: "A", correct: ok, valid: true, ...extra(i)
    }));
}

async function makeRun(name: string, protocol: string, records: ItemRecord[]): Promise<string> {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "meditron-report-")), name);
    const names = [...new Set(records.map((r) => r.benchmark))];
    const results: RunResults = {
        schemaVersion: RUN_SCHEMA_VERSION,
        model: { backend: "llama-cpp", name, source: `/models/${name}.gguf`, sha256: `sha-${name}` },
        protocol,
        seeds: [...new Set(records.map((r) => r.seed))],
        settings: { shots: 3 },
        benchmarks: names.map((b) => ({ ...summarizeBenchmark(b, records.filter((r) => r.benchmark === b)), files: [], notes: b === "pubmedqa" ? ["\"maybe\" can <never> score"] : [] })),
        timings: { startedAt: "", finishedAt: "", wallSeconds: 1, itemsPerSecond: 1, requests: { cached: 0, new: 1 } },
        versions: { meditron: "0.1.0", node: process.version, nodeLlamaCpp: "3.21.1" }
    };
    await writeRunDirectory(dir, results, records);
    return dir;
}

const tenRight = (k: number) => Array.from({ length: 10 }, (_, i) => i < k);

describe("reports", () => {
    it("renders the paper's layout with our row, mean±sd over seeds, paper rows and per-subject table", async () => {
        const dir = await makeRun("mymodel", "top-token", [
            ...items("medqa4", 1234, tenRight(4)),
            ...items("medqa4", 432, tenRight(6)),
            ...items("mmlu-medical", 1234, tenRight(5), (i) => ({ subject: i % 2 === 0 ? "anatomy" : "Clinical Knowledge", probabilities: { A: 0.6, B: 0.4 } })),
            ...items("pubmedqa", 1234, tenRight(7))
        ]);
        const markdown = markdownReport([await readRunDirectory(dir)]);
        const header = markdown.split("\n").find((line) => line.startsWith("| Model | MMLU-Med"));
        expect(header).toBe("| Model | MMLU-Med | PubMedQA | MedMCQA | MedQA | MedQA-4 | Avg |");
        const ours = markdown.split("\n").find((line) => line.startsWith("| **mymodel (top-token, 3-shot)**"))!;
        // medqa4: seeds 40% and 60% → 50.0 ± sd 14.14 points; MedMCQA / MedQA not run.
        expect(ours).toContain("| 50.0±14.14 |");
        expect(ours).toMatch(/\| — \| — \|/);
        // Avg over the 3 benchmarks run: (50 + 70 + 50) / 3 = 56.7, flagged as partial.
        expect(ours.trim().endsWith("| 56.7* |")).toBe(true);
        expect(markdown).toContain("| _paper Table 4: MediTron-7B (3-shot, top-token)_ | 42.3±2.37 | 69.3±15.1 | 36.3±1.38 | 28.7±0.81 | 37.4±3.27 | 42.8 |");
        expect(markdown).toContain("MediTron-70B (5-shot, top-token)");
        expect(markdown).toContain("## MMLU-Medical per subject (%)");
        // anatomy: even ids 0,2,4 right (of 0,2,4,6,8) → 60.0; clinical knowledge: ids 1,3 right of 5 → 40.0
        const subjectRow = markdown.split("\n").find((line) => line.startsWith("| **mymodel") && line.includes("60.0"))!;
        expect(subjectRow).toMatch(/^\| \*\*mymodel \(top-token, 3-shot\)\*\* \| 60\.0 \| — \| — \| — \| — \| — \| 40\.0 \| — \| — \|$/);
        expect(markdown).not.toContain("Table 5");
        expect(markdownReport([await readRunDirectory(dir)], { includeFinetuned: true })).toContain("paper Table 5: MediTron-70B (finetuned, SC-CoT)");
    });

    it("writes a self-contained HTML report with charts and escaped text", async () => {
        const dir = await makeRun("<b>x</b>", "top-token", [
            ...items("pubmedqa", 1234, tenRight(7), () => ({ probabilities: { yes: 0.7, no: 0.2, maybe: 0.1 }, gold: "A" })),
            ...items("mmlu-medical", 1234, tenRight(5), () => ({ subject: "virology" }))
        ]);
        const html = htmlReport([await readRunDirectory(dir)]);
        expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
        expect(html.match(/<svg /g)?.length).toBe(3); // benchmarks, subjects, calibration
        expect(html).toContain("Calibration");
        expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/);
        expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
        expect(html).not.toContain("<b>x</b>");
        expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
        expect(html).toContain("&lt;never&gt;");
    });

    it("compares two runs pair by pair with McNemar", async () => {
        const a = await readRunDirectory(await makeRun("a", "top-token", items("medqa4", 1, [true, true, true, false, false, true])));
        const b = await readRunDirectory(await makeRun("b", "top-token", [...items("medqa4", 1, [true, false, false, true, false]), ...items("pubmedqa", 1, [true])]));
        const comparison = compareRuns(a, b);
        expect(comparison.benchmarks).toHaveLength(1);
        const medqa = comparison.benchmarks[0]!;
        expect(medqa).toMatchObject({ benchmark: "medqa4", pairs: 5 });
        expect(medqa.accuracyA).toBeCloseTo(0.6, 12);
        expect(medqa.accuracyB).toBeCloseTo(0.4, 12);
        expect(medqa.mcnemar).toMatchObject({ b: 2, c: 1, method: "exact-binomial", pValue: 1 });
        expect(comparison.onlyInB).toEqual(["pubmedqa"]);
        expect(comparison.unpaired).toBe(2);
        const text = formatComparison(comparison, "a", "b");
        expect(text).toMatch(/medqa4\s+5\s+60\.0\s+40\.0\s+-20\.0\s+2\s+1\s+1\.0000\s+exact-binomial/);
    });

    it("runs `eval report` and `eval compare` as commands", async () => {
        const dirA = await makeRun("a", "top-token", items("medqa4", 1, tenRight(3)));
        const dirB = await makeRun("b", "top-token", items("medqa4", 1, tenRight(9)));
        const htmlFile = path.join(path.dirname(dirA), "report.html");
        const io = captureIO();
        const program = new Command().exitOverride();
        const context = { io: io.io, exitCode: 0, signal: new AbortController().signal };
        const evalCommand = program.command("eval");
        registerEvalReport(evalCommand, context);
        registerEvalCompare(evalCommand, context);
        await program.parseAsync(["eval", "report", dirA, dirB, "--html", htmlFile], { from: "user" });
        expect(io.stdout()).toContain("| **a (top-token, 3-shot)** | — | — | — | — | 30.0 [");
        expect(io.stdout()).toContain("| **b (top-token, 3-shot)** |");
        expect(io.stderr()).toContain("report.html");
        await program.parseAsync(["eval", "compare", dirA, dirB], { from: "user" });
        expect(io.stdout()).toMatch(/medqa4\s+10\s+30\.0\s+90\.0\s+\+60\.0\s+0\s+6\s+0\.0313/);
        await expect(program.parseAsync(["eval", "report", path.join(dirA, "missing")], { from: "user" })).rejects.toThrow(/cannot read the run/);
    });
});
