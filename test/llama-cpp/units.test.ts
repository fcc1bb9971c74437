import { describe, expect, it } from "vitest";
import { defaultThreads } from "../../src/models/llama-cpp/defaultThreads.js";
import { StopStringMatcher } from "../../src/models/llama-cpp/StopStringMatcher.js";
import { validateGenerateOptions } from "../../src/models/llama-cpp/validateGenerateOptions.js";

describe("defaultThreads", () => {
    it("estimates physical cores and never exceeds the logical CPUs", () => {
        expect([1, 2, 3, 4, 16, 64].map((cpus) => defaultThreads(cpus))).toEqual([1, 1, 1, 2, 8, 32]);
        for (let cpus = 1; cpus <= 256; cpus++) expect(defaultThreads(cpus)).toBeLessThanOrEqual(cpus);
        // The 2-core trap: node-llama-cpp's default would be 4 threads here.
        expect(defaultThreads(2)).toBe(1);
    });
});

describe("StopStringMatcher", () => {
    const run = (stops: string[], pieces: string[]) => {
        const matcher = new StopStringMatcher(stops);
        const emitted: string[] = [];
        for (const piece of pieces) {
            const { emit, stopped } = matcher.push(piece);
            emitted.push(emit);
            if (stopped) return { emitted, stopped: true };
        }
        emitted.push(matcher.flush().emit);
        return { emitted, stopped: false };
    };

    it("holds back a possible stop-string prefix until it is decided", () => {
        expect(run(["###"], ["Answer: B", " #", "#", "# more"])).toEqual({ emitted: ["Answer: B", " ", "", ""], stopped: true });
        expect(run(["###"], ["x #", "# y"])).toEqual({ emitted: ["x ", "## y", ""], stopped: false });
    });

    it("cuts at the earliest of several stop strings", () => {
        expect(run(["User:", "###"], ["a User:", "b ###"])).toEqual({ emitted: ["a "], stopped: true });
        expect(run(["<\\s>", "Assistant:"], ["ok <\\s> x"])).toEqual({ emitted: ["ok "], stopped: true });
    });

    it("passes everything through without stop strings", () => {
        expect(run([], ["a", "#", "b"])).toEqual({ emitted: ["a", "#", "b", ""], stopped: false });
        expect(run([""], ["a"])).toEqual({ emitted: ["a", ""], stopped: false });
    });
});

describe("validateGenerateOptions", () => {
    it("applies vLLM-like defaults", () => {
        expect(validateGenerateOptions({})).toMatchObject({ maxTokens: 256, temperature: 0, topP: 1, topK: 0, minP: 0, repeatPenalty: 1, logprobs: -1, stop: [] });
    });

    it("names the option, the expectation and the value in its UserError", () => {
        expect(() => validateGenerateOptions({ maxTokens: 1.5 })).toThrow("invalid generation option maxTokens; expected an integer >= 0; found 1.5");
        expect(() => validateGenerateOptions({ logprobs: 21 })).toThrow(/logprobs; expected an integer in \[0, 20\]/);
        expect(() => validateGenerateOptions({ seed: -1 })).toThrow(/seed/);
    });
});
