import { afterEach, describe, expect, it } from "vitest";
import { openModel } from "../../src/cli/modelOptions.js";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { startOpenAIStubServer, type OpenAIStubServer } from "../helpers/openaiStubServer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

let upstream: OpenAIStubServer | undefined;
let model: LanguageModel | undefined;

afterEach(async () => {
    await model?.dispose();
    await upstream?.close();
    model = undefined;
    upstream = undefined;
});

describe("openModel's concurrency (eval run --concurrency)", () => {
    it("is a remote server's in-flight limit", async () => {
        upstream = await startOpenAIStubServer();
        model = await openModel({ model: `openai:${upstream.baseURL}#stub-model` }, { concurrency: 12 });
        expect(model.capabilities.parallelism).toBe(12);
    });

    it("is a local model's parallel sequences, capped at 8, unless --parallel is given", async () => {
        const modelPath = await syntheticModelPath("tiny");
        model = await openModel({ model: modelPath, threads: "1", ctxSize: "256" }, { concurrency: 32 });
        expect(model.capabilities.parallelism).toBe(8);
        await model.dispose();
        model = await openModel({ model: modelPath, threads: "1", ctxSize: "256", parallel: "2" }, { concurrency: 32 });
        expect(model.capabilities.parallelism).toBe(2);
    });
});
