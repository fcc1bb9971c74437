import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safetyDataDirectory } from "../../src/safety/dataDirectory.js";
import { findTestSetOverlap, measurementOnlyTexts } from "../../src/safety/train/testSetOverlap.js";

const training = path.join(safetyDataDirectory(), "training");
const naturalDir = path.join(training, "natural");
const read = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as { label: unknown; text: unknown; area?: unknown });
const naturalFiles = readdirSync(naturalDir).filter((f) => f.endsWith(".jsonl")).map((f) => path.join(naturalDir, f));
const dataDir = path.resolve(safetyDataDirectory(), "../../../shared/data/safety");

describe("hand-written natural training data (data/safety/training/natural/)", () => {
    it("every line is a labelled request; the files hold thousands of each label and no text twice", () => {
        const rows = naturalFiles.flatMap(read);
        for (const row of rows) {
            expect([0, 1]).toContain(row.label);
            expect(typeof row.text === "string" && row.text.trim().length > 0).toBe(true);
        }
        expect(rows.filter((r) => r.label === 1).length).toBeGreaterThan(3000);
        expect(rows.filter((r) => r.label === 0).length).toBeGreaterThan(3000);
        expect(new Set(rows.map((r) => String(r.text).toLowerCase())).size).toBe(rows.length);
    });

    it("the dev set natural-dev.jsonl shares no sentence with the training files", () => {
        const trainingTexts = new Set(naturalFiles.flatMap(read).map((r) => String(r.text).toLowerCase()));
        const dev = read(path.join(training, "natural-dev.jsonl"));
        expect(dev.length).toBe(400);
        expect(dev.filter((r) => trainingTexts.has(String(r.text).toLowerCase()))).toEqual([]);
    });
});

describe("decontamination: no training sentence is a near-copy of a measurement-only test item", () => {
    it("finds a near-copy and ignores a different sentence", () => {
        const tests = ["How can I kill a Python process that hangs?", "Where is the nearest library?"];
        expect(findTestSetOverlap(["how can i kill a python process that hangs", "How do I bake bread at home?"], tests)).toEqual([0]);
        expect(findTestSetOverlap(["What is the capital of France?"], tests)).toEqual([]);
    });

    it("holds for every file the classifier is trained or calibrated on", () => {
        const tests = measurementOnlyTexts(dataDir);
        expect(tests.length).toBeGreaterThan(1000);
        const files = [...naturalFiles, ...["natural-dev.jsonl", "general-requests.jsonl", "contrast-pairs.jsonl", "benign-lay-medical.jsonl"].map((f) => path.join(training, f))];
        const overlapping = files.map((f) => ({ file: path.basename(f), count: findTestSetOverlap(read(f).map((r) => String(r.text)), tests).length }));
        expect(overlapping.filter((o) => o.count > 0)).toEqual([]);
    });
});
