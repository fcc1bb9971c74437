import { startServer } from "../../server/startServer.js";
import type { DemoStep } from "./DemoStep.js";

/** Starts the OpenAI-compatible server on a free loopback port, sends one chat request, shuts down. */
export const serverStep: DemoStep = {
    title: "Server: OpenAI-compatible API on 127.0.0.1 (the web app is served at / by `meditron serve`)",
    async run(env) {
        const server = await startServer({ model: env.model, host: "127.0.0.1", port: 0 });
        try {
            env.say(`  listening on ${server.url}`);
            const health = await fetch(`${server.url}/health`, { signal: env.context.signal });
            env.say(`  GET /health -> ${health.status}`);
            const models = (await (await fetch(`${server.url}/v1/models`, { signal: env.context.signal })).json()) as { data: { id: string }[] };
            const modelId = models.data[0]?.id ?? "";
            env.say(`  GET /v1/models -> ${JSON.stringify(modelId)}`);
            const response = await fetch(`${server.url}/v1/chat/completions`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ model: modelId, max_tokens: 8, messages: [{ role: "user", content: "What causes anaemia?" }] }),
                signal: env.context.signal
            });
            const body = (await response.json()) as { usage?: { prompt_tokens: number; completion_tokens: number } };
            env.say(`  POST /v1/chat/completions -> ${response.status}, usage ${JSON.stringify(body.usage ?? null)}`);
            env.say("  Try it: npx meditron serve --model M, then open http://127.0.0.1:8080/ or point the openai client at /v1");
        } finally {
            await server.close();
        }
    }
};
