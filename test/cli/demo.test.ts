import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIO } from "../helpers/captureIO.js";
import { runCli } from "../../src/cli/main.js";

describe("meditron demo", () => {
    it("makes the tiny model, answers through the engine and says the answer is noise", async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), "meditron-demo-"));
        const capture = captureIO();
        const code = await runCli(["demo", "--dir", dir, "--threads", "1"], capture.io);
        expect(capture.stderr()).toBe("");
        expect(code).toBe(0);
        const out = capture.stdout();
        expect(out).toContain(path.join(dir, "meditron-tiny-synthetic.gguf"));
        expect(out).toMatch(/\d+ prompt tokens, \d+ generated/);
        expect(out).toContain("answer is noise");
        expect(out).toContain("meditron pull meditron-7b");
    });
});
