import { describe, expect, it } from "vitest";
import { emptySourceStats, recordTokenization, renderStatsMarkdown, type CorpusStatsReport } from "../../src/corpus/pipeline/CorpusStats.js";

function report(): CorpusStatsReport {
    return { version: 1, seed: 1, tokenizer: "t.gguf", mixing: "meditron", completed: true, sources: [emptySourceStats("g", "guidelines")], badInputs: { total: 0, byKind: {}, first: [] }, pubmedDeleteCitations: 0 };
}

describe("stats.json says how the workers tokenized", () => {
    it("a whole-span fallback is reported with its reason, once", () => {
        const r = report();
        recordTokenization(r, { mode: "whole-span", fallbackReason: "piece 4 crosses a word boundary" });
        recordTokenization(r, { mode: "whole-span", fallbackReason: "piece 4 crosses a word boundary" });
        expect(r.tokenization).toEqual({ mode: "whole-span", fallbackReasons: ["piece 4 crosses a word boundary"] });
        expect(renderStatsMarkdown(r)).toMatch(/Tokenization: llama\.cpp on whole spans \(word cache off\)\. Word cache off because: piece 4 crosses a word boundary\./);
    });

    it("workers that disagree make the mode mixed", () => {
        const r = report();
        recordTokenization(r, { mode: "word-cache" });
        recordTokenization(r, { mode: "whole-span", fallbackReason: "x" });
        expect(r.tokenization?.mode).toBe("mixed");
        expect(renderStatsMarkdown(r)).toMatch(/word cache in some workers, whole spans in others/);
    });
});
