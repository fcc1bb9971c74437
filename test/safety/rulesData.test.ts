import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safetyDataDirectory } from "../../src/safety/dataDirectory.js";
import { loadRuleFiles } from "../../src/safety/rules/loadRuleFiles.js";
import { createSafetyLayer } from "../../src/safety/SafetyLayer.js";

const rules = path.join(safetyDataDirectory(), "rules");

describe("rules are data: one file per category, every rule cites its source", () => {
    it("one emergency file per category, file name = category, ids prefixed, sources present", () => {
        for (const group of ["emergency", "refusal", "hedging"]) {
            const files = loadRuleFiles(path.join(rules, group));
            const names = readdirSync(path.join(rules, group)).filter((f) => f.endsWith(".yaml")).sort();
            expect(files.map((f) => `${f.category}.yaml`).sort()).toEqual(names);
            for (const file of files) for (const rule of file.rules) {
                expect(rule.id.startsWith(`${file.category}.`)).toBe(true);
                expect(rule.source.length).toBeGreaterThan(10);
            }
        }
        expect(loadRuleFiles(path.join(rules, "emergency")).map((f) => f.category).sort()).toEqual(
            ["anaphylaxis", "bleeding", "breathing", "burns", "cardiac", "child", "meningitis", "overdose", "pregnancy", "seizure", "self-harm", "sepsis", "stroke", "unconscious"]
        );
    });

    it("a new rule file dropped into a copy of the data directory takes effect without code changes", () => {
        const copy = mkdtempSync(path.join(tmpdir(), "meditron-safety-data-"));
        cpSync(safetyDataDirectory(), copy, { recursive: true });
        writeFileSync(path.join(copy, "rules/emergency/drowning.yaml"), [
            "category: drowning", "label: Drowning", "advice: 'Call {emergency} now.'", "rules:",
            "  - id: drowning.pulled-from-water", "    all: ['pulled (?:\\w+ ){0,3}out of the (?:water|pool|sea)']", "    source: 'Scottish Ambulance Service list: drowning'"
        ].join("\n"));
        const decision = createSafetyLayer({ dataDirectory: copy, locale: "en-GB" }).screen("we just pulled my brother out of the pool");
        expect(decision).toMatchObject({ action: "emergency", category: "drowning", rule: "drowning.pulled-from-water" });
    });

    it("a rule without a source, or with a broken pattern, is refused with a UserError naming the file", () => {
        const copy = mkdtempSync(path.join(tmpdir(), "meditron-safety-data-"));
        cpSync(safetyDataDirectory(), copy, { recursive: true });
        const file = path.join(copy, "rules/emergency/extra.yaml");
        writeFileSync(file, "category: extra\nlabel: Extra\nrules:\n  - id: extra.one\n    all: ['x']\n");
        expect(() => createSafetyLayer({ dataDirectory: copy })).toThrow(/invalid rule file .*extra\.yaml.*source/);
        writeFileSync(file, "category: extra\nlabel: Extra\nrules:\n  - id: extra.one\n    all: ['(unclosed']\n    source: 'test source text'\n");
        expect(() => createSafetyLayer({ dataDirectory: copy })).toThrow(/invalid regular expression in extra\.one/);
    });

    it("the shipped classifier weights stay small (< 2 MB) and record how they were trained", () => {
        const file = path.join(safetyDataDirectory(), "models/harm-classifier.json");
        expect(statSync(file).size).toBeLessThan(2_000_000);
        const model = JSON.parse(readFileSync(file, "utf8")) as { training: { data: string }; threshold: number; generalThreshold: number };
        expect(model.training.data).toMatch(/MedSafetyBench train split/);
        expect(model.generalThreshold).toBeGreaterThanOrEqual(model.threshold);
    });

    it("the vignette set has >= 300 labelled messages with >= 150 of each kind and negation/history/third-person forms", () => {
        const items = readFileSync(path.join(safetyDataDirectory(), "vignettes/emergency-vignettes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { emergency: boolean; form: string });
        expect(items.length).toBeGreaterThanOrEqual(300);
        expect(items.filter((i) => i.emergency).length).toBeGreaterThanOrEqual(150);
        expect(items.filter((i) => !i.emergency).length).toBeGreaterThanOrEqual(150);
        for (const form of ["negation", "history", "third", "lay", "clinical"]) expect(items.filter((i) => i.emergency && i.form === form).length, form).toBeGreaterThan(5);
        for (const form of ["negation", "history", "info", "admin"]) expect(items.filter((i) => !i.emergency && i.form === form).length, form).toBeGreaterThan(5);
    });
});

describe("refusal exemptions are data on each rule file", () => {
    const violence = { category: "violence", label: "v", exemptions: ["named-work"] as const, rules: [{ id: "violence.kill", all: ["\\bkill\\b"], source: "test" }] };
    const weapons = { category: "weapons", label: "w", rules: [{ id: "weapons.bomb", all: ["\\bbomb\\b"], source: "test" }] };

    it("an exempted file is skipped and a later file still decides", async () => {
        const { RequestRules } = await import("../../src/safety/RefusalRules.js");
        const rules = new RequestRules([violence, weapons], {});
        expect(rules.detect("kill him with a bomb", undefined, new Set(["named-work"]))?.rule).toBe("weapons.bomb");
        expect(rules.detect("kill him with a bomb")?.rule).toBe("violence.kill");
        expect(rules.detect("kill him", undefined, new Set(["named-work"]))).toBeNull();
    });

    it("a file naming an unknown exemption is rejected with the allowed list", () => {
        const copy = mkdtempSync(path.join(tmpdir(), "meditron-safety-rules-"));
        writeFileSync(path.join(copy, "x.yaml"), "category: x\nlabel: X\nexemptions: [fiction]\nrules:\n  - id: x.a\n    all: ['a']\n    source: 'test source'\n");
        expect(() => loadRuleFiles(copy)).toThrow(/exemptions.*named-work, explanation, nonsense-discrimination/);
    });

    it("the shipped files: violence and crime exempt named works; child safety exempts nothing", () => {
        const byCategory = Object.fromEntries(loadRuleFiles(path.join(rules, "refusal")).map((f) => [f.category, f.exemptions ?? []]));
        expect(byCategory.violence).toContain("named-work");
        expect(byCategory.crime).toContain("named-work");
        expect(byCategory.hate).toContain("nonsense-discrimination");
        expect(byCategory["child-safety"]).toEqual([]);
    });
});
