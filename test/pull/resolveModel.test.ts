import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOpenAIModelSpec, resolveModel } from "../../src/models/resolveModel.js";
import { UserError } from "../../src/util/errors.js";
import { startOpenAIStubServer, type OpenAIStubServer } from "../helpers/openaiStubServer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

let modelsDir: string;
let stub: OpenAIStubServer;

beforeAll(async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), "meditron-resolve-"));
    stub = await startOpenAIStubServer({ models: ["meditron-7b"] });
});

afterAll(async () => {
    await stub.close();
    await rm(modelsDir, { recursive: true, force: true });
});

describe("resolveModel", () => {
    it("parses openai:<baseURL>#<model> and connects to the remote server", async () => {
        expect(parseOpenAIModelSpec("openai:http://h:1/v1#org/model#2")).toEqual({ baseURL: "http://h:1/v1#org/model", model: "2" });
        expect(() => parseOpenAIModelSpec("openai:http://h:1/v1")).toThrow(/no #<model> part/);
        const model = await resolveModel(`openai:${stub.baseURL}#meditron-7b`, { apiKey: "k", concurrency: 3 });
        expect(model.info).toMatchObject({ backend: "openai-compatible", name: "meditron-7b", source: stub.url });
        expect(model.capabilities).toMatchObject({ scoreContinuations: true, parallelism: 3 });
        expect(stub.requests[0]!.headers.authorization).toBe("Bearer k");
        await model.dispose();
    });

    it("loads an existing .gguf path with llama.cpp", async () => {
        const file = await syntheticModelPath("tiny");
        const model = await resolveModel(file, { threads: 1, contextSize: 128 });
        try {
            expect(model.info.backend).toBe("llama-cpp");
            expect(model.capabilities.nextTokenDistribution).toBe("full");
        } finally {
            await model.dispose();
        }
    });

    it("says to pull a registry name that is not downloaded, and to resume a partial one", async () => {
        await expect(resolveModel("meditron-70b", { modelsDir })).rejects.toThrow(/not downloaded yet.*run `meditron pull meditron-70b` \(41\.4 GB\)/);
        await writeFile(path.join(modelsDir, "meditron-7b.Q2_K.gguf.part"), "GGUF");
        await expect(resolveModel("meditron-7b-q2_k", { modelsDir })).rejects.toThrow(/interrupted download.*to resume it/);
        await expect(resolveModel("meditron-7b", {})).rejects.toThrow(/no models directory/);
    });

    it("loads a pulled registry model from the models directory", async () => {
        await copyFile(await syntheticModelPath("tiny"), path.join(modelsDir, "meditron-7b.Q4_K_M.gguf"));
        const model = await resolveModel("meditron-7b", { modelsDir, threads: 1, contextSize: 128 });
        try {
            expect(model.info.backend).toBe("llama-cpp");
        } finally {
            await model.dispose();
        }
    });

    it("explains what it accepts for anything else", async () => {
        const error = await resolveModel("meditron7b", { modelsDir }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/unknown model "meditron7b".*openai:<baseURL>#<model>.*did you mean meditron-7b/);
        await expect(resolveModel("./no/such/file.gguf")).rejects.toThrow(/no file at that path/);
    });
});
