import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { captureIO } from "../helpers/captureIO.js";
import { corpusFile } from "./corpusTestData.js";


describe("meditron corpus CLI", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "corpus-cli-"));
    writeFileSync(path.join(dir, "corpus.yaml"), `
sources:
  - name: pubmed
    type: pubmed-xml
    path: ${corpusFile("pubmed", "test_current_medline.xml.gz")}
  - name: replay
    type: replay-jsonl
    path: ${corpusFile("replay", "cc_en_head-0091.jsonl.gz")}
mixing: {replayTokenFraction: 0.5}
workers: 1
output: {dir: out}
`);

    it("builds with the built-in MediTron tokenizer, prints stats, and writes the Megatron launch script", async () => {
        const build = captureIO();
        expect(await runCli(["corpus", "build", path.join(dir, "corpus.yaml")], build.io)).toBe(0);
        expect(build.stdout()).toMatch(/\| PubMed Abstracts \| \d+ \|/);
        expect(build.stdout()).toContain("gap-replay-train_text_document.{bin,idx}");

        const stats = captureIO();
        expect(await runCli(["corpus", "stats", path.join(dir, "out")], stats.io)).toBe(0);
        expect(stats.stdout()).toContain("## Removed by each filter");

        const script = captureIO();
        const scriptFile = path.join(dir, "train.sh");
        expect(await runCli(["corpus", "megatron-script", path.join(dir, "out"), "--size", "70b", "-o", scriptFile], script.io)).toBe(0);
        const text = readFileSync(scriptFile, "utf8");
        expect(text).toContain("--tensor_model_parallel_size 8");
        expect(text).toContain("--pipeline_model_parallel_size 8");
        expect(text).toContain("--micro_batch_size 2");
        expect(text).toContain("--global_batch_size 512");
        expect(text).toContain("--lr 0.00015 --min_lr 0.000001");
        expect(text).toContain("--lr_warmup_iters 2000");
        expect(text).toContain("--seq_length 4096");
        expect(text).toContain(`TRAIN_DATA_PATH="${path.join(dir, "out", "gap-replay-train_text_document")}"`);
        expect(text).toContain("NNODES=${NNODES:-16}");

        const seven = captureIO();
        expect(await runCli(["corpus", "megatron-script", path.join(dir, "out")], seven.io)).toBe(0);
        expect(seven.stdout()).toContain("--tensor_model_parallel_size 4");
        expect(seven.stdout()).toContain("--micro_batch_size 10");
        expect(seven.stdout()).toContain("--global_batch_size 1600");
        expect(seven.stdout()).toContain("--lr 0.0003");
    }, 120_000);

    it("reports config errors with the key path and exits 1", async () => {
        writeFileSync(path.join(dir, "bad.yaml"), "sources:\n  - {name: x, type: pubmed-xml, path: p, weight: -1}\noutput: {dir: o}\n");
        const bad = captureIO();
        expect(await runCli(["corpus", "build", path.join(dir, "bad.yaml")], bad.io)).toBe(1);
        expect(bad.stderr()).toMatch(/meditron: invalid corpus config .*bad\.yaml at `sources\[0\]\.weight`; expected a number from 0 to 1000; found -1/);
        const missing = captureIO();
        expect(await runCli(["corpus", "stats", path.join(dir, "nothing")], missing.io)).toBe(1);
        expect(missing.stderr()).toMatch(/no corpus build report/);
    });
});
