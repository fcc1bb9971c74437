import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pullModel, type PullProgress } from "../../src/models/pull/pullModel.js";
import { listLocalModels } from "../../src/models/pull/listLocalModels.js";
import { findRegistryModel } from "../../src/models/registry/modelRegistry.js";
import { UserError } from "../../src/util/errors.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { fakeGguf, sha256, startFileServer, type FileServer } from "./fileServer.js";

let server: FileServer;
let modelsDir: string;

beforeEach(async () => {
    server = await startFileServer();
    modelsDir = await mkdtemp(path.join(tmpdir(), "meditron-pull-"));
});

afterEach(async () => {
    await server.close();
    await rm(modelsDir, { recursive: true, force: true });
});

const quick = { retryDelayMs: 10 };

describe("pullModel", () => {
    it("downloads a URL with progress, a sha256 and a metadata sidecar", async () => {
        const body = fakeGguf(300_000);
        server.setFile("/files/tiny.gguf", { body });
        const progress: PullProgress[] = [];
        const result = await pullModel(`${server.url}/files/tiny.gguf`, { modelsDir, onProgress: (update) => progress.push(update) });

        expect(result).toMatchObject({ fileName: "tiny.gguf", sizeBytes: body.length, sha256: sha256(body), alreadyPresent: false, resumedFromBytes: 0 });
        expect(await readFile(result.path)).toEqual(body);
        const downloading = progress.filter((update) => update.phase === "downloading");
        expect(downloading.length).toBeGreaterThan(3);
        expect(downloading.every((update, index) => index === 0 || update.receivedBytes >= downloading[index - 1]!.receivedBytes)).toBe(true);
        expect(downloading.at(-1)).toMatchObject({ receivedBytes: body.length, totalBytes: body.length });
        expect(progress.at(-1)!.phase).toBe("verifying");

        const metadata = JSON.parse(await readFile(result.metadataPath, "utf8"));
        expect(metadata).toMatchObject({ url: `${server.url}/files/tiny.gguf`, sha256: sha256(body), sizeBytes: body.length, fileName: "tiny.gguf" });
        expect(Number.isNaN(Date.parse(metadata.downloadedAt))).toBe(false);
        expect((await readdir(modelsDir)).sort()).toEqual(["tiny.gguf", "tiny.gguf.meta.json"]);
    });

    it("resolves hf:<repo>/<file> to /resolve/main/ and follows the CDN redirect", async () => {
        const body = fakeGguf(50_000);
        server.redirect("/someone/med-GGUF/resolve/main/model.Q4_K_M.gguf", "/cdn/blob123");
        server.setFile("/cdn/blob123", { body });
        const result = await pullModel("hf:someone/med-GGUF/model.Q4_K_M.gguf", { modelsDir, hfBaseUrl: server.url, token: "hf_secret" });
        expect(result.fileName).toBe("model.Q4_K_M.gguf");
        expect(result.url).toBe(`${server.url}/someone/med-GGUF/resolve/main/model.Q4_K_M.gguf`);
        expect(server.requests[0]!.headers.authorization).toBe("Bearer hf_secret");
        expect(await readFile(result.path)).toEqual(body);
    });

    it("resolves a registry name to its Hugging Face file", async () => {
        const entry = findRegistryModel("meditron-7b")!;
        expect(entry.sha256).toBeNull();
        const body = fakeGguf(20_000);
        server.setFile(`/${entry.source.repo}/resolve/main/${entry.source.file}`, { body });
        const result = await pullModel("meditron-7b", { modelsDir, hfBaseUrl: server.url });
        expect(result.fileName).toBe("meditron-7b.Q4_K_M.gguf");
        const local = await listLocalModels(modelsDir);
        expect(local).toMatchObject([{ fileName: "meditron-7b.Q4_K_M.gguf", registryName: "meditron-7b-q4_k_m", partial: false }]);
    });

    it("resumes a download cut mid-file with Range + If-Range, and the final sha256 matches", async () => {
        const body = await readFile(await syntheticModelPath("tiny"));
        server.setFile("/m/synthetic.gguf", { body });
        server.cutNext(1_000_000);
        const url = `${server.url}/m/synthetic.gguf`;

        const failure = await pullModel(url, { modelsDir, retries: 0 }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(UserError);
        expect((failure as Error).message).toMatch(/run the same pull again to resume/);
        const partPath = path.join(modelsDir, "synthetic.gguf.part");
        const partBytes = (await readFile(partPath)).length;
        expect(partBytes).toBeGreaterThan(0);
        expect(partBytes).toBeLessThan(body.length);
        expect(existsSync(path.join(modelsDir, "synthetic.gguf"))).toBe(false);

        const phases: string[] = [];
        const result = await pullModel(url, { modelsDir, onProgress: (update) => phases.push(update.phase) });
        const second = server.requests[1]!;
        expect(second.headers.range).toBe(`bytes=${partBytes}-`);
        expect(second.headers["if-range"]).toBe(`"${sha256(body)}"`);
        expect(second.status).toBe(206);
        expect(phases[0]).toBe("hashing");
        expect(result.resumedFromBytes).toBe(partBytes);
        expect(result.sha256).toBe(sha256(body));
        expect(sha256(await readFile(result.path))).toBe(sha256(body));
        expect(existsSync(partPath)).toBe(false);
    });

    it("resumes by itself within one pull when the connection breaks", async () => {
        const body = fakeGguf(400_000);
        server.setFile("/f.gguf", { body });
        server.cutNext(150_000);
        const result = await pullModel(`${server.url}/f.gguf`, { modelsDir, ...quick });
        expect(server.requests).toHaveLength(2);
        expect(server.requests[1]!.headers.range).toMatch(/^bytes=\d+-$/);
        expect(result.resumedFromBytes).toBeGreaterThan(0);
        expect(result.sha256).toBe(sha256(body));
    });

    it("restarts cleanly when the server ignores Range", async () => {
        const body = fakeGguf(300_000);
        server.setFile("/f.gguf", { body });
        server.cutNext(100_000);
        await expect(pullModel(`${server.url}/f.gguf`, { modelsDir, retries: 0 })).rejects.toThrow(UserError);
        server.ignoreRange = true;
        const result = await pullModel(`${server.url}/f.gguf`, { modelsDir });
        expect(server.requests[1]!.headers.range).toBeDefined();
        expect(server.requests[1]!.status).toBe(200);
        expect(result.resumedFromBytes).toBe(0);
        expect(await readFile(result.path)).toEqual(body);
    });

    it("restarts when the file changed upstream (If-Range no longer matches)", async () => {
        const before = fakeGguf(300_000, 1);
        const after = fakeGguf(280_000, 2);
        server.setFile("/f.gguf", { body: before });
        server.cutNext(100_000);
        await expect(pullModel(`${server.url}/f.gguf`, { modelsDir, retries: 0 })).rejects.toThrow(UserError);
        server.setFile("/f.gguf", { body: after });
        const result = await pullModel(`${server.url}/f.gguf`, { modelsDir });
        expect(server.requests[1]!.status).toBe(200);
        expect(await readFile(result.path)).toEqual(after);
    });

    it("rejects a corrupted download (sha256 mismatch) and keeps nothing", async () => {
        const entry = findRegistryModel("meditron-7b-q4_0")!;
        expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
        server.setFile(`/${entry.source.repo}/resolve/main/${entry.source.file}`, { body: fakeGguf(10_000) });
        const error = await pullModel("meditron-7b-q4_0", { modelsDir, hfBaseUrl: server.url }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/corrupt \(sha256 mismatch\).*expected 4b51ef24/);
        expect(await readdir(modelsDir)).toEqual([]);
    });

    it("refuses content that is not GGUF and deletes it", async () => {
        server.setFile("/page.gguf", { body: Buffer.from("<!DOCTYPE html><html><body>Log in</body></html>") });
        const error = await pullModel(`${server.url}/page.gguf`, { modelsDir }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/not a GGUF model file.*web page/);
        expect(await readdir(modelsDir)).toEqual([]);
    });

    it("never shows a final file while the .part is being written", async () => {
        server.setFile("/f.gguf", { body: fakeGguf(200_000) });
        const finalPath = path.join(modelsDir, "f.gguf");
        const observations: boolean[] = [];
        await pullModel(`${server.url}/f.gguf`, {
            modelsDir,
            onProgress: (update) => {
                if (update.phase === "downloading") observations.push(existsSync(finalPath) || !existsSync(`${finalPath}.part`));
            }
        });
        expect(observations.length).toBeGreaterThan(1);
        expect(observations.every((bad) => !bad)).toBe(true);
        expect(existsSync(finalPath)).toBe(true);
    });

    it("does not download again when the file is there, unless forced", async () => {
        const body = fakeGguf(30_000);
        server.setFile("/f.gguf", { body });
        await pullModel(`${server.url}/f.gguf`, { modelsDir });
        const again = await pullModel(`${server.url}/f.gguf`, { modelsDir });
        expect(again.alreadyPresent).toBe(true);
        expect(again.sha256).toBe(sha256(body));
        expect(server.requests).toHaveLength(1);
        await pullModel(`${server.url}/f.gguf`, { modelsDir, force: true });
        expect(server.requests).toHaveLength(2);
    });

    it("keeps the .part when aborted, for a later resume", async () => {
        server.setFile("/f.gguf", { body: fakeGguf(2_000_000) });
        const controller = new AbortController();
        await expect(
            pullModel(`${server.url}/f.gguf`, {
                modelsDir,
                signal: controller.signal,
                onProgress: (update) => {
                    if (update.receivedBytes > 100_000) controller.abort(new Error("stop"));
                }
            })
        ).rejects.toThrow("stop");
        expect(existsSync(path.join(modelsDir, "f.gguf.part"))).toBe(true);
        expect(existsSync(path.join(modelsDir, "f.gguf"))).toBe(false);
        expect(await listLocalModels(modelsDir)).toMatchObject([{ fileName: "f.gguf", partial: true }]);
    });

    it("starts over when the part is longer than the file (416)", async () => {
        const body = fakeGguf(10_000);
        server.setFile("/f.gguf", { body });
        await writeFile(path.join(modelsDir, "f.gguf.part"), fakeGguf(20_000));
        await writeFile(path.join(modelsDir, "f.gguf.part.json"), JSON.stringify({ url: `${server.url}/f.gguf` }));
        const result = await pullModel(`${server.url}/f.gguf`, { modelsDir });
        expect(server.requests.map((request) => request.status)).toEqual([416, 200]);
        expect(await readFile(result.path)).toEqual(body);
    });

    it("retries 503 and explains 404 and 401", async () => {
        const body = fakeGguf(10_000);
        server.setFile("/f.gguf", { body });
        server.failNext(503, 2);
        await expect(pullModel(`${server.url}/f.gguf`, { modelsDir, ...quick })).resolves.toMatchObject({ sha256: sha256(body) });
        await expect(pullModel(`${server.url}/missing.gguf`, { modelsDir })).rejects.toThrow(/does not exist \(HTTP 404\)/);
        server.failNext(401);
        await expect(pullModel("hf:a/b/c.gguf", { modelsDir, hfBaseUrl: server.url })).rejects.toThrow(/HTTP 401.*no token was sent.*HF_TOKEN/);
    });

    it("refuses specs it cannot understand, with suggestions", async () => {
        await expect(pullModel("meditron-7b-q4km", { modelsDir })).rejects.toThrow(/unknown model.*did you mean meditron-7b-q4_k_m/);
        await expect(pullModel("hf:only/repo", { modelsDir })).rejects.toThrow(/hf:<owner>\/<repo>\/<file.gguf>/);
    });
});
