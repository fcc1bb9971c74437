import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCorpusConfig } from "../../src/corpus/config/parseCorpusConfig.js";
import { UserError } from "../../src/util/errors.js";

const base = "/data/build";

describe("corpus config", () => {
    it("applies MediTron's defaults: split per kind, English filter, 1% replay, exact + MinHash dedup", () => {
        const config = parseCorpusConfig(`
sources:
  - {name: guidelines, type: guidelines-jsonl, path: raw/guidelines.jsonl}
  - {name: papers, type: pmc-jats, paths: [pmc/]}
  - {name: abstracts, type: pubmed-xml, path: pubmed}
  - {name: replay, type: replay-jsonl, path: replay.jsonl.gz}
output: {dir: out}
`, base);
        expect(config.sources.map((s) => [s.kind, s.validationFraction, s.filters.english])).toEqual([
            ["guidelines", 0.05, true], ["papers", 0.03, true], ["abstracts", 0.03, true], ["replay", 0, false]
        ]);
        expect(config.sources[0]!.paths).toEqual([path.resolve(base, "raw/guidelines.jsonl")]);
        expect(config.sources[0]!.textField).toBe("clean_text");
        expect(config.mixing).toEqual({ mode: "meditron", replayTokenFraction: 0.01 });
        expect(config.dedup.nearDuplicates).toMatchObject({ enabled: true, shingleSize: 5, bands: 16, rowsPerBand: 6, threshold: 0.8 });
        expect(config.output).toEqual({ dir: path.resolve(base, "out"), prefix: "gap-replay", jsonl: true });
        expect(config.seed).toBe(42);
    });

    const invalid: [string, string, RegExp][] = [
        ["unknown source type", "sources:\n  - {name: a, type: pdf, path: x}\noutput: {dir: o}", /at `sources\[0\]\.type`.*one of guidelines-jsonl/],
        ["bad split fraction", "sources:\n  - {name: a, type: pubmed-xml, path: x, validation: 2}\noutput: {dir: o}", /at `sources\[0\]\.validation`.*a number from 0 to 1.*found 2/],
        ["misspelled key", "sources:\n  - {name: a, type: pubmed-xml, path: x}\noutput: {dir: o}\ndedup: {nearDuplicate: {}}", /at `dedup\.nearDuplicate`/],
        ["duplicate source name", "sources:\n  - {name: a, type: pubmed-xml, path: x}\n  - {name: a, type: pubmed-xml, path: y}\noutput: {dir: o}", /sources\[1\]\.name/],
        ["unknown recipe", "sources:\n  - {name: a, type: guidelines-folder, path: x, recipe: nope}\noutput: {dir: o}", /sources\[0\]\.recipe/],
        ["missing output", "sources:\n  - {name: a, type: pubmed-xml, path: x}", /at `output`.*a mapping/],
        ["replay fraction with weights", "sources:\n  - {name: a, type: pubmed-xml, path: x}\noutput: {dir: o}\nmixing: {mode: weights, replayTokenFraction: 0.1}", /mixing\.replayTokenFraction/],
        ["not YAML", "sources: [", /not valid YAML/]
    ];
    for (const [what, yaml, message] of invalid) {
        it(`names the key path on error: ${what}`, () => {
            let error: unknown;
            try {
                parseCorpusConfig(yaml, base, "corpus.yaml");
            } catch (e) {
                error = e;
            }
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).toMatch(message);
        });
    }
});
