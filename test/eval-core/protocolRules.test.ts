import { describe, expect, it } from "vitest";
import { majorityVote } from "../../src/eval/protocols/majorityVote.js";
import { paperExtractAnswer } from "../../src/eval/protocols/paperExtractAnswer.js";
import { paperLabel } from "../../src/eval/protocols/paperGenerateProtocol.js";
import { labelCandidates } from "../../src/eval/protocols/topTokenProtocol.js";

const mcq = { cot: false, shots: 3, answerKind: "letter" } as const;
const yesNo = { cot: false, shots: 3, answerKind: "yes-no-maybe" } as const;

describe("the paper's extraction (evaluate.py)", () => {
    it("takes the first character for multiple choice, with the released quirks", () => {
        expect(paperExtractAnswer(" Z is not an option", mcq)).toBeNull();
        expect(paperExtractAnswer(" A. Metoprolol", mcq)).toBe("a");
        expect(paperExtractAnswer(" answer a", mcq)).toBe("a");
        expect(paperExtractAnswer(" because it is", mcq)).toBe("b");
        expect(paperExtractAnswer(" (C)\n\nQuestion: next", mcq)).toBe("c");
        expect(paperExtractAnswer("   \n\n B", mcq)).toBeNull();
        expect(paperExtractAnswer("", mcq)).toBeNull();
    });

    it("keeps the first line after \\n## and stops at a blank line only with shots", () => {
        expect(paperExtractAnswer("noise\n## D is right\nmore", mcq)).toBe("d");
        // Zero-shot keeps the whole output: "x ... a" starts with x, not a valid answer.
        expect(paperExtractAnswer("x\n\nA", { ...mcq, shots: 0 })).toBeNull();
        expect(paperExtractAnswer("d\n\nA", { ...mcq, shots: 0 })).toBe("d");
    });

    it("matches whole strings for yes/no and never accepts maybe as valid", () => {
        expect(paperExtractAnswer(" yes", yesNo)).toBe("yes");
        expect(paperExtractAnswer(" Yes, yes", yesNo)).toBeNull(); // "yes yes" is not a valid answer
        expect(paperExtractAnswer("yesyes", yesNo)).toBe("yes");
        expect(paperExtractAnswer("noyes", yesNo)).toBe("no");
        expect(paperExtractAnswer(" maybe", yesNo)).toBeNull();
        expect(paperLabel("yes")).toBe("yes");
        expect(paperLabel("e")).toBe("E");
        expect(paperLabel("f")).toBeNull();
    });

    it("reads the first word after the last 'answer is' for CoT", () => {
        expect(paperExtractAnswer("Step 1... the answer is B. Wait, the answer is (C) because", { ...mcq, cot: true, shots: 0 })).toBe("c");
        expect(paperExtractAnswer("so the answer is yes.", { ...yesNo, cot: true, shots: 0 })).toBe("yes");
        expect(paperExtractAnswer("the answer is", { ...mcq, cot: true, shots: 0 })).toBeNull();
    });
});

describe("majorityVote (Counter.most_common)", () => {
    it("picks the most frequent vote, the first seen among ties", () => {
        expect(majorityVote(["B", "A", "A", "B", "C"])).toEqual({ winner: "B", count: 2 });
        expect(majorityVote(["C", "A", "A"])).toEqual({ winner: "A", count: 2 });
        expect(majorityVote([])).toBeNull();
    });
});

describe("labelCandidates", () => {
    it("asks ' A' after 'The answer is:' and 'A' after a trailing newline", () => {
        expect(labelCandidates("...The answer is:", ["A", "B"])).toEqual([" A", " B"]);
        expect(labelCandidates("...The answer is:\n", ["yes", "no", "maybe"])).toEqual(["yes", "no", "maybe"]);
    });
});

describe("remote context overflow", () => {
    it("turns a remote server's context-length 400 into a ContextOverflowError, and nothing else", async () => {
        const { remoteContextOverflow } = await import("../../src/models/openai-compatible/remoteContextOverflow.js");
        const { ContextOverflowError } = await import("../../src/models/ContextOverflowError.js");
        const { RemoteApiError } = await import("../../src/models/openai-compatible/RemoteApiError.js");
        const vllm = remoteContextOverflow(
            new RemoteApiError("HTTP 400", "http://x/v1/completions", 400, { body: "This model's maximum context length is 2048 tokens. However, you requested 2330 tokens (2074 in the messages, 256 in the completion)." })
        );
        expect(vllm).toBeInstanceOf(ContextOverflowError);
        expect(vllm).toMatchObject({ contextSize: 2048, promptTokens: 2330 });
        expect(remoteContextOverflow(new RemoteApiError("HTTP 500", "http://x/v1/completions", 500, { body: "maximum context length" }))).toBeUndefined();
        expect(remoteContextOverflow(new RemoteApiError("HTTP 400", "http://x/v1/completions", 400, { body: "invalid top_logprobs" }))).toBeUndefined();
    });
});
