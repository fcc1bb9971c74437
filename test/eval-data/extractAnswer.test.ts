import { describe, expect, it } from "vitest";
import { extractAnswer, paperAnswerType } from "../../src/eval/extract/extractAnswer.js";
import { pyStrip } from "../../src/eval/extract/pythonStrings.js";
import { extractCotLabel, topTokenLabels } from "../../src/eval/extract/topTokenLabels.js";
import { runPython } from "./findNumpyPython.js";

describe("paper answer extraction (evaluate.py eval)", () => {
    it("first character for MCQ: 'answer a' → a, 'because' → b (counted as B)", () => {
        expect(extractAnswer(" B", "B", { benchmark: "medqa4", shots: 3, cot: false })).toEqual({ valid: true, prediction: "b", gold: "b", correct: true });
        expect(extractAnswer("Answer A", "A", { benchmark: "medqa", shots: 0, cot: false }).prediction).toBe("a");
        expect(extractAnswer("because the", "B", { benchmark: "medmcqa", shots: 0, cot: false })).toMatchObject({ valid: true, prediction: "b", correct: true });
        expect(extractAnswer("  ", "A", { benchmark: "medmcqa", shots: 0, cot: false })).toMatchObject({ valid: false, correct: false });
        expect(extractAnswer("F", "A", { benchmark: "medmcqa", shots: 0, cot: false })).toMatchObject({ valid: false, prediction: "f" });
    });

    it("with shots only the first paragraph counts", () => {
        expect(extractAnswer(" C\n\nQuestion: next one A", "C", { benchmark: "medqa4", shots: 3, cot: false }).correct).toBe(true);
        expect(extractAnswer("\n\nC", "C", { benchmark: "medqa4", shots: 3, cot: false }).valid).toBe(false);
    });

    it("boolean (PubMedQA): the whole string must be yes/no; 'maybe' is never valid", () => {
        expect(extractAnswer(" yes", "yes", { benchmark: "pubmedqa", shots: 0, cot: false })).toMatchObject({ valid: true, correct: true });
        expect(extractAnswer("yesyes", "yes", { benchmark: "pubmedqa", shots: 0, cot: false }).prediction).toBe("yes");
        expect(extractAnswer("noyes", "no", { benchmark: "pubmedqa", shots: 0, cot: false }).prediction).toBe("no");
        expect(extractAnswer("maybe", "maybe", { benchmark: "pubmedqa", shots: 0, cot: false })).toMatchObject({ valid: false, correct: false });
        expect(extractAnswer("yes, because", "yes", { benchmark: "pubmedqa", shots: 0, cot: false }).valid).toBe(false);
        expect(paperAnswerType("truthfulqa")).toBe("boolean");
        expect(extractAnswer(" A", "A", { benchmark: "truthfulqa", shots: 1, cot: false }).correct).toBe(true);
        expect(extractAnswer("A. Nauru", "A", { benchmark: "truthfulqa", shots: 1, cot: false }).valid).toBe(false);
    });

    it("CoT: the word after the last 'answer is'; CoT golds reduced to their label", () => {
        const output = "The answer is probably B. Let me check... Therefore, the answer is: C.";
        expect(extractAnswer(output, "C", { benchmark: "medqa", shots: 0, cot: true })).toMatchObject({ valid: true, prediction: "c", correct: true });
        expect(extractAnswer("Reasoning.\nThe answer is: yes ###", "Because.\nThe answer is: yes ###", { benchmark: "pubmedqa", shots: 0, cot: true })).toMatchObject({
            gold: "yes",
            correct: true
        });
        // No "answer is": the first word ("no") is taken, its first letter "n" is not an option.
        expect(extractAnswer("no conclusion", "A", { benchmark: "medqa", shots: 0, cot: true })).toMatchObject({ valid: false, prediction: "no conclusion" });
        expect(extractAnswer("the answer is", "A", { benchmark: "medqa", shots: 0, cot: true }).valid).toBe(false);
    });

    it("agrees with an independent Python transcription of evaluate.py on tricky outputs", () => {
        const outputs = [
            " A", "B.", "(C) because", "answer: d", "E", "\n##Answer: b\nmore", "x\n##\n", "yes", " no.", "Yes, it is", "maybe", "nono",
            "yesno maybe", "The answer is: A ###", "é A", "Ça va", "\u00a0B", "\x1cC", "the answer is c\n\nthe answer is d", "", "###", "answer is"
        ];
        const golds = ["A", "yes", "no", "reason.\nThe answer is: B ###"];
        const settings = [
            { type: "mcq", shots: 0, cot: false },
            { type: "mcq", shots: 3, cot: false },
            { type: "mcq", shots: 0, cot: true },
            { type: "boolean", shots: 0, cot: false },
            { type: "boolean", shots: 3, cot: true }
        ] as const;
        const python = `
import json, re, sys
def extract(output_full, answer, shot, cot, answer_type):
    output = output_full.lower(); answer = answer.lower(); full = output
    if "\\n##" in output:
        output = output.split("\\n##")[1].split("\\n")[0].strip()
    if "###" in answer:
        parts = answer.split("answer is:")
        if len(parts) < 2: return [False, full, answer]
        answer = parts[1].split("###")[0].strip()
    if shot: output = output.split("\\n\\n")[0].strip()
    output = re.sub(r"[^a-zA-Z0-9]", " ", output).strip()
    output = re.sub(" +", " ", output)
    if cot:
        words = output.split("answer is")[-1].split()
        if not words: return [False, full, answer]
        output = words[0]
    if answer_type == "boolean":
        for a, b in (("yesyes", "yes"), ("nono", "no"), ("yesno", "yes"), ("noyes", "no")):
            if a in output:
                output = output.replace(a, b); break
        output = output.encode("ascii", "ignore").decode("ascii")
    else:
        output = output.encode("ascii", "ignore").decode("ascii")
        output = output[0] if output else output
    if output in ["a", "b", "c", "d", "e", "yes", "no"]: return [True, output, answer]
    return [False, full, answer]
cases = json.load(sys.stdin)
print(json.dumps([extract(*c) for c in cases]))`;
        const cases = outputs.flatMap((output) => golds.flatMap((gold) => settings.map((s) => [output, gold, s.shots > 0, s.cot, s.type] as const)));
        const expected = JSON.parse(runPython("python3", python, JSON.stringify(cases))) as Array<[boolean, string, string]>;
        cases.forEach(([output, gold, shot, cot, type], index) => {
            const ours = extractAnswer(output, gold, { answerType: type, shots: shot ? 3 : 0, cot });
            expect([ours.valid, ours.prediction, ours.gold], JSON.stringify(cases[index])).toEqual(expected[index]);
        });
    });

    it("Python str.strip semantics", () => {
        expect(pyStrip("\x1c a \x85")).toBe("a");
        expect(pyStrip("\ufeffa")).toBe("\ufeffa");
    });
});

describe("clean label sets", () => {
    it("top-token labels per benchmark", () => {
        expect(topTokenLabels("medqa")).toEqual(["A", "B", "C", "D", "E"]);
        expect(topTokenLabels("medqa4")).toEqual(["A", "B", "C", "D"]);
        expect(topTokenLabels("pubmedqa")).toEqual(["yes", "no", "maybe"]);
        expect(() => topTokenLabels("gsm8k")).toThrow(RangeError);
    });

    it("CoT label: after the last 'answer is', mapped to the benchmark's labels", () => {
        expect(extractCotLabel("...so the answer is (B).", "medqa4")).toBe("B");
        expect(extractCotLabel("The answer is: Maybe", "pubmedqa")).toBe("maybe");
        expect(extractCotLabel("The answer is E", "medqa4")).toBeUndefined();
        expect(extractCotLabel("no verdict", "medqa")).toBeUndefined();
    });
});
