import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { captureIO } from "../helpers/captureIO.js";


describe("meditron ask", () => {
    it("streams the answer to stdout piece by piece", async () => {
        const model = await syntheticModelPath("tiny", { constantAnswer: " Paris" });
        const capture = captureIO();
        const code = await runCli(["ask", "--model", model, "--threads", "1", "--max-tokens", "4", "What is the capital of France?"], capture.io);
        expect(code).toBe(0);
        expect(capture.stdout()).toBe("Paris Paris Paris Paris\n");
        expect(capture.stdoutWrites.length).toBeGreaterThanOrEqual(4);
        expect(capture.stderr()).toContain("--max-tokens");
    });

    it("reads the question from stdin with -, and accepts every format", async () => {
        const model = await syntheticModelPath("tiny", { constantAnswer: " Paris" });
        for (const format of ["meditron-one-shot", "meditron-zero-shot", "chatml-qa", "raw"]) {
            const capture = captureIO({ stdin: "Capital of France?\n" });
            const code = await runCli(["ask", "-m", model, "--threads", "1", "--max-tokens", "2", "--format", format, "-"], capture.io);
            expect(code, capture.stderr()).toBe(0);
            expect(capture.stdout()).toBe("Paris Paris\n");
        }
    });

    it("rejects bad flags with one-line UserErrors before loading anything", async () => {
        const model = await syntheticModelPath("tiny");
        const cases: [string[], RegExp][] = [
            [["--temperature", "hot"], /invalid --temperature; expected a number from 0 to 100; found "hot"/],
            [["--top-p", "0"], /invalid --top-p; expected a number greater than 0 to 1/],
            [["--top-k", "-3"], /invalid --top-k/],
            [["--max-tokens", "0"], /invalid --max-tokens/],
            [["--threads", "1000"], /invalid --threads; expected an integer from 1 to \d+/],
            [["--ctx-size", "abc"], /invalid --ctx-size/],
            [["--gpu", "tpu"], /invalid --gpu; expected none, auto, vulkan or cuda/],
            [["--format", "alpaca"], /unknown prompt format "alpaca"; expected one of meditron-one-shot, meditron-zero-shot, chatml-qa, raw/]
        ];
        for (const [flags, message] of cases) {
            const capture = captureIO();
            const code = await runCli(["ask", "--model", model, ...flags, "question"], capture.io);
            expect(code).toBe(1);
            expect(capture.stderr()).toMatch(message);
        }
        const missing = captureIO();
        expect(await runCli(["ask", "--model", "/nonexistent/model.gguf", "q"], missing.io)).toBe(1);
        expect(missing.stderr()).toMatch(/unknown model "\/nonexistent\/model.gguf".*found no file at that path/);
    });
});

describe("meditron chat", () => {
    it("answers each line, keeps history, and understands /reset and /exit", async () => {
        const model = await syntheticModelPath("tiny", { constantAnswer: " Paris" });
        const capture = captureIO({ stdin: "hello\nand again\n/reset\nthird\n/exit\nnever answered\n" });
        const code = await runCli(["chat", "--model", model, "--threads", "1", "--max-tokens", "2"], capture.io);
        expect(code).toBe(0);
        expect(capture.stdout()).toBe("Paris Paris\n".repeat(3));
        expect(capture.stderr()).toContain("[conversation cleared]");
    });
});
