import { describe, expect, it } from "vitest";
import { createSafetyLayer } from "../../src/safety/SafetyLayer.js";
import { checkOwnData } from "../../src/safety/train/checkOwnData.js";

describe("checkOwnData: the rule writer's check on the project's own sentences", () => {
    it("counts every file, and the shipped layer keeps its measured level on them", () => {
        const results = checkOwnData({ listMisses: 5 });
        const byFile = Object.fromEntries(results.map((r) => [r.file, r]));
        expect(Object.keys(byFile)).toContain("general-harm.yaml");
        const pairs = byFile["contrast-pairs.jsonl"]!;
        expect(pairs.harmful).toBe(96);
        expect(pairs.refusedHarmful / pairs.harmful).toBeGreaterThanOrEqual(0.95);
        expect(pairs.refusedBenign).toBeLessThanOrEqual(2);
        const grammar = byFile["general-harm.yaml"]!;
        expect(grammar.benign).toBeGreaterThan(12_000);
        expect(grammar.refusedBenign / grammar.benign).toBeLessThanOrEqual(0.18);
        expect(grammar.refusedHarmful / grammar.harmful).toBeGreaterThanOrEqual(0.85);
        // Misses are listed with the deciding rule so they can be fixed, and each really is one.
        expect(grammar.misses.length).toBe(5);
        const layer = createSafetyLayer({ locale: "en-GB" });
        for (const m of grammar.misses) {
            const decision = layer.screen(m.text);
            expect(decision.action === "refuse" || decision.action === "emergency", m.text).toBe(m.label === 0);
            expect(decision.rule).toBe(m.rule);
        }
    }, 120_000);
});
