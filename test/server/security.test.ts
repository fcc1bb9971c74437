import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { fileAuditLog } from "../../src/server/AuditLog.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { loadTinyModel, postJson, startTestServer } from "./serverFixture.js";

let model: LanguageModel;
let server: RunningServer;
let auditFile: string;
const key = "test-key-0123456789abcdef";
const secret = "Patient Jane Roe, DOB 1970-01-01, has chest pain";

beforeAll(async () => {
    model = await loadTinyModel(1);
    auditFile = path.join(await mkdtemp(path.join(tmpdir(), "meditron-audit-")), "audit.jsonl");
    server = await startTestServer(model, { apiKeys: [key, "second-key-abcdefgh"], audit: fileAuditLog(auditFile) });
});

afterAll(async () => {
    await server?.close();
    await model?.dispose();
});

describe("API keys, CORS, binding and the audit log", () => {
    it("binds to 127.0.0.1 by default", () => {
        expect(server.host).toBe("127.0.0.1");
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it("answers 401 without a key or with a wrong key", async () => {
        const missing = await postJson(`${server.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hi" }] });
        expect(missing.status).toBe(401);
        expect(missing.body.error.code).toBe("missing_api_key");
        expect(missing.headers.get("www-authenticate")).toBe("Bearer");
        const wrong = await postJson(`${server.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hi" }] }, { Authorization: `Bearer ${key}x` });
        expect(wrong.status).toBe(401);
        expect(wrong.body.error.code).toBe("invalid_api_key");
        expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
        expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    });

    it("accepts any configured key, through the openai client too", async () => {
        const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
        const models = await client.models.list();
        expect(models.data[0]!.id).toBe(model.info.name);
        const bad = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "nope-nope-nope", maxRetries: 0 });
        await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
        const second = await fetch(`${server.url}/v1/models`, { headers: { Authorization: "Bearer second-key-abcdefgh" } });
        expect(second.status).toBe(200);
    });

    it("leaves /health open for liveness probes", async () => {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
    });

    it("sends no CORS headers unless configured", async () => {
        const response = await fetch(`${server.url}/health`, { headers: { Origin: "https://evil.example" } });
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
        const preflight = await fetch(`${server.url}/v1/chat/completions`, { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } });
        expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("allows a configured origin only", async () => {
        const open = await startTestServer(model, { corsOrigins: ["https://app.example"] });
        try {
            const allowed = await fetch(`${open.url}/v1/models`, { headers: { Origin: "https://app.example" } });
            expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
            const preflight = await fetch(`${open.url}/v1/chat/completions`, { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" } });
            expect(preflight.status).toBeLessThan(300);
            expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
            const other = await fetch(`${open.url}/v1/models`, { headers: { Origin: "https://evil.example" } });
            expect(other.headers.get("access-control-allow-origin")).toBeNull();
        } finally {
            await open.close();
        }
    });

    it("audits who, when, endpoint and token counts, never the content", async () => {
        const response = await postJson(`${server.url}/v1/chat/completions`, { messages: [{ role: "user", content: secret }], max_tokens: 3, temperature: 0 }, { Authorization: `Bearer ${key}` });
        expect(response.status).toBe(200);
        const answer = response.body.choices[0].message.content as string;
        await new Promise((resolve) => setTimeout(resolve, 50));
        const text = await readFile(auditFile, "utf8");
        const records = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
        const record = records.find((r) => r.endpoint === "/v1/chat/completions" && r.status === 200);
        expect(record).toMatchObject({ method: "POST", completionTokens: 3, remoteAddress: expect.stringContaining("127.0.0.1") });
        expect(record!.who).toMatch(/^key#1:[0-9a-f]{8}$/);
        expect(record!.promptTokens as number).toBeGreaterThan(10);
        expect(Date.parse(record!.time as string)).toBeGreaterThan(Date.now() - 60_000);
        expect(records.some((r) => r.status === 401 && r.who === "anonymous")).toBe(true);
        expect(text).not.toContain("Jane Roe");
        expect(text).not.toContain(key);
        if (answer.trim().length > 3) expect(text).not.toContain(answer.trim());
    });
});
