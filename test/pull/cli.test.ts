import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findRegistryModel } from "../../src/models/registry/modelRegistry.js";
import { fakeGguf, sha256, startFileServer, type FileServer } from "./fileServer.js";
import { runCliCaptured } from "../helpers/captureIO.js";

const run = (argv: string[], env: Record<string, string> = {}) => runCliCaptured(argv, { env });

let server: FileServer;
let modelsDir: string;

beforeEach(async () => {
    server = await startFileServer();
    modelsDir = await mkdtemp(path.join(tmpdir(), "meditron-pull-cli-"));
});

afterEach(async () => {
    await server.close();
    await rm(modelsDir, { recursive: true, force: true });
});

describe("meditron pull", () => {
    it("downloads a URL into --models-dir and prints path, size and sha256, with progress on stderr", async () => {
        const body = fakeGguf(120_000);
        server.setFile("/x/tiny.gguf", { body });
        const result = await run(["pull", `${server.url}/x/tiny.gguf`, "--models-dir", modelsDir]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain(`path:    ${path.join(modelsDir, "tiny.gguf")}`);
        expect(result.stdout).toContain(`sha256:  ${sha256(body)}`);
        expect(result.stdout).toContain("(120000 bytes)");
        // Not a terminal: plain lines, no carriage returns; the last one is the finished state.
        expect(result.stderr).not.toContain("\r");
        expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^tiny\.gguf 100% 117\.2 KiB\/117\.2 KiB/);
        expect(await readFile(path.join(modelsDir, "tiny.gguf"))).toEqual(body);

        const again = await run(["pull", `${server.url}/x/tiny.gguf`, "--models-dir", modelsDir]);
        expect(again.stdout).toContain("already downloaded");
    });

    it("pulls a registry name from HF_ENDPOINT into MEDITRON_MODELS_DIR, then lists it", async () => {
        const entry = findRegistryModel("meditron-7b-q4_k_m")!;
        server.setFile(`/${entry.source.repo}/resolve/main/${entry.source.file}`, { body: fakeGguf(10_000) });
        const env = { HF_ENDPOINT: server.url, MEDITRON_MODELS_DIR: modelsDir, HF_TOKEN: "hf_abc" };
        const result = await run(["pull", "meditron-7b"], env);
        expect(result.code, result.stderr).toBe(0);
        expect(existsSync(path.join(modelsDir, "meditron-7b.Q4_K_M.gguf"))).toBe(true);
        expect(server.requests[0]!.headers.authorization).toBe("Bearer hf_abc");

        const listed = await run(["models"], env);
        expect(listed.code).toBe(0);
        expect(listed.stdout).toMatch(/meditron-7b-q4_k_m \(meditron-7b\) +7B +Q4_K_M +4\.08 GB +2048 +unknown +downloaded +TheBloke\/meditron-7B-GGUF\/meditron-7b\.Q4_K_M\.gguf/);
        expect(listed.stdout).toMatch(/meditron-70b-q4_k_m \(meditron-70b\) +70B +Q4_K_M +41\.4 GB +4096 +known +- /);
        expect(listed.stdout).toContain(`Models directory: ${modelsDir}`);

        const json = JSON.parse((await run(["models", "--json"], env)).stdout);
        expect(json.registry.find((model: { name: string }) => model.name === "meditron-7b-q4_k_m").status).toBe("downloaded");
        expect(json.local).toHaveLength(1);
    });

    it("fails with a one-line message for an unknown name and for non-GGUF content", async () => {
        const unknown = await run(["pull", "meditron-13b", "--models-dir", modelsDir]);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/^meditron: unknown model "meditron-13b"/);
        server.setFile("/page", { body: Buffer.from("<html>nope</html>") });
        const html = await run(["pull", `${server.url}/page`, "--models-dir", modelsDir]);
        expect(html.code).toBe(1);
        expect(html.stderr).toMatch(/not a GGUF model file/);
    });
});
