import { describe, expect, it } from "vitest";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { runCliCaptured } from "../helpers/captureIO.js";

const run = (argv: string[]) => runCliCaptured(argv);

describe("meditron ask --task", () => {
    it("answers an exam question with the option probabilities", async () => {
        const model = await syntheticModelPath("tiny", { constantAnswer: " B" });
        const result = await run(["ask", "--model", model, "--threads", "1", "--task", "exam", "--option", "lisinopril", "--option", "metoprolol", "--max-tokens", "4", "Which drug is a beta blocker?"]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain("**Answer: B.** metoprolol");
        expect(result.stdout).toMatch(/ {2}B {2,}\d+\.\d%/);
        expect(result.stdout).toContain("not a doctor");
    });

    it("prints the differential as JSON with --json", async () => {
        const model = await syntheticModelPath("tiny");
        const result = await run(["ask", "--model", model, "--threads", "1", "--task", "differential", "--json", "Patient with itchy rash on both elbows and knees for months, silvery scales."]);
        expect(result.code, result.stderr).toBe(0);
        const answer = JSON.parse(result.stdout) as { task: string; result: { diagnoses: { rank: number }[] } };
        expect(answer.task).toBe("differential");
        expect(answer.result.diagnoses[0]!.rank).toBe(1);
    });

    it("answers an emergency with the safety message", async () => {
        const model = await syntheticModelPath("tiny");
        const result = await run(["ask", "--model", model, "--threads", "1", "--task", "health", "I have crushing chest pain spreading to my left arm and I'm sweating right now"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("[EMERGENCY: cardiac]");
    });

    it("refuses an unknown task and an exam without options", async () => {
        const model = await syntheticModelPath("tiny");
        expect((await run(["ask", "--model", model, "--task", "surgery", "x"])).stderr).toContain("unknown task");
        expect((await run(["ask", "--model", model, "--task", "exam", "x"])).stderr).toContain("needs its options");
    });
});
