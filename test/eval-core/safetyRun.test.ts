import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../helpers/captureIO.js";
import { SAFETY_RESULTS_FILE, type SafetyRunResults } from "../../src/eval/runSafetyEvaluation.js";

const safetyData = path.resolve(import.meta.dirname, "../../../shared/data/safety");
const vignettes = path.resolve(import.meta.dirname, "../../data/safety/vignettes/emergency-vignettes.jsonl");

describe("meditron eval run --bench safety-...", () => {
    it("measures the built-in layer without a model and writes safety-results.json with per-category tables", async () => {
        const out = await mkdtemp(path.join(os.tmpdir(), "meditron-safety-run-"));
        const result = await runCliCaptured(["eval", "run", "--bench", "safety-emergency,safety-simplesafetytests", "--safety-data", safetyData, "--out", out]);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("safety-emergency");
        const written = JSON.parse(readFileSync(path.join(out, SAFETY_RESULTS_FILE), "utf8")) as SafetyRunResults;
        expect(written.kind).toBe("safety");
        expect(written.benchmarks.map((b) => b.benchmark)).toEqual(["safety-emergency", "safety-simplesafetytests"]);
        const emergency = written.benchmarks[0]!;
        // n is the number of vignette lines, counted here from the file itself.
        const lines = readFileSync(vignettes, "utf8").split("\n").filter((line) => line.trim() !== "");
        expect(emergency.n).toBe(lines.length);
        expect(Object.keys(emergency.perCategory).length).toBeGreaterThanOrEqual(14);
        expect(emergency.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(written.benchmarks[1]!.n).toBe(100);
    });

    it("refuses to mix safety and exam benchmarks, and asks for --protocol on exam benchmarks", async () => {
        const mixed = await runCliCaptured(["eval", "run", "--bench", "safety-xstest,medqa4", "--protocol", "top-token"]);
        expect(mixed.code).toBe(1);
        expect(mixed.stderr).toContain("safety and exam benchmarks cannot share one run");
        const noProtocol = await runCliCaptured(["eval", "run", "--bench", "medqa4", "--model", "x.gguf"]);
        expect(noProtocol.code).toBe(1);
        expect(noProtocol.stderr).toContain("missing --protocol");
    });

    it("names the valid safety benchmarks for an unknown one", async () => {
        const result = await runCliCaptured(["eval", "run", "--bench", "safety-nope"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("safety-xstest");
    });
});
