import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { differentialAnswerSchema } from "../tasks/differentialSchema.js";
import { MEDICAL_DISCLAIMER } from "../tasks/disclaimer.js";
import { taskNames } from "../tasks/TaskAnswer.js";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { isUserError } from "../util/errors.js";
import { ApiError } from "./ApiError.js";
import type { AppEnv } from "./AppEnv.js";
import { readJsonBody } from "./readJsonBody.js";
import { RequestTrack } from "./RequestTrack.js";
import { chatCompletions } from "./routes/chatCompletions.js";
import { completions } from "./routes/completions.js";
import { conversationRoutes } from "./routes/conversations.js";
import { meditronAnswer } from "./routes/meditronAnswer.js";
import { tokenizeRoutes } from "./routes/tokenizeRoutes.js";
import type { ServerContext } from "./ServerContext.js";

export interface AppOptions {
    /** Accepted Bearer keys; empty or absent means no authentication. */
    apiKeys?: readonly string[];
    /** Origins allowed by CORS ("*" for any); absent means no CORS headers at all. */
    corsOrigins?: readonly string[];
    /** Largest accepted request body in bytes. Defaults to 1 MiB. */
    bodyLimitBytes?: number;
    /** Directory of the built web app (index.html + assets); the app is not served without it. */
    webRoot?: string;
    /** Called once per finished request (metrics and audit are recorded by the app itself). */
    onRequestEnd?: () => void;
    /** Whether the server is shutting down: new requests get 503. */
    isShuttingDown?: () => boolean;
}

/** Paths that never need an API key: liveness and the web app's static files. */
function isPublic(method: string, pathname: string): boolean {
    if (pathname === "/health") return true;
    if (method !== "GET" && method !== "HEAD") return false;
    return !pathname.startsWith("/v1/") && pathname !== "/metrics";
}

/**
 * Builds the HTTP app (Hono) on a prepared {@link ServerContext}. It opens no socket, so tests can
 * call `app.request()`; `startServer` binds it to a port.
 */
export function createApp(context: ServerContext, options: AppOptions = {}): Hono<AppEnv> {
    const app = new Hono<AppEnv>();
    const keyDigests = (options.apiKeys ?? []).map((key) => createHash("sha256").update(key).digest());

    // Outermost: bookkeeping for metrics and the audit log (no request or answer content).
    app.use("*", async (c, next) => {
        const track = new RequestTrack();
        c.set("track", track);
        c.set("caller", "anonymous");
        const finish = (status: number) => {
            const seconds = (performance.now() - track.startedAt) / 1000;
            const endpoint = endpointLabel(c.req.path);
            context.metrics.recordRequest(endpoint, status, seconds);
            if (track.firstTextAt !== undefined) context.metrics.recordTimeToFirstToken(endpoint, (track.firstTextAt - track.startedAt) / 1000);
            context.audit?.write({
                time: new Date().toISOString(),
                who: c.get("caller"),
                remoteAddress: remoteAddress(c),
                method: c.req.method,
                endpoint: c.req.path,
                status,
                durationMs: Math.round(seconds * 1000),
                promptTokens: track.promptTokens,
                completionTokens: track.completionTokens,
                ...(track.task === undefined ? {} : { task: track.task })
            });
            options.onRequestEnd?.();
        };
        if (options.isShuttingDown?.() === true) {
            const error = new ApiError(503, "the server is shutting down", { code: "shutting_down" });
            finish(503);
            return c.json(error.toJSON(), 503, { Connection: "close" });
        }
        await next();
        const ended = track.ended;
        if (ended === undefined) finish(c.res.status);
        else void ended.then(finish);
    });

    if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
        const origins = [...options.corsOrigins];
        app.use("*", cors({ origin: origins.includes("*") ? "*" : origins, allowHeaders: ["Authorization", "Content-Type"], maxAge: 600 }));
    }

    if (keyDigests.length > 0) {
        app.use("*", async (c, next) => {
            if (c.req.method === "OPTIONS" || isPublic(c.req.method, c.req.path)) return next();
            const header = c.req.header("authorization") ?? "";
            const match = /^Bearer\s+(.+)$/i.exec(header);
            if (match === null) throw new ApiError(401, "missing API key: send `Authorization: Bearer <key>`", { code: "missing_api_key", headers: { "WWW-Authenticate": "Bearer" } });
            // Compare fixed-length digests in constant time, so timing reveals neither key nor length.
            const digest = createHash("sha256").update(match[1]!.trim()).digest();
            let found = -1;
            keyDigests.forEach((candidate, index) => {
                if (timingSafeEqual(candidate, digest) && found < 0) found = index;
            });
            if (found < 0) throw new ApiError(401, "invalid API key", { code: "invalid_api_key", headers: { "WWW-Authenticate": "Bearer" } });
            c.set("caller", `key#${found + 1}:${digest.toString("hex").slice(0, 8)}`);
            return next();
        });
    }

    const limit = options.bodyLimitBytes ?? 1024 * 1024;
    app.use(
        "*",
        bodyLimit({
            maxSize: limit,
            onError: () => {
                throw new ApiError(413, `the request body is larger than the server's limit of ${limit} bytes`, { code: "body_too_large" });
            }
        })
    );

    app.onError((error, c) => {
        if (error instanceof ApiError) return c.json(error.toJSON(), error.status as 400, error.options.headers);
        // The backend found the prompt longer than the context (fitToContext catches most cases up front).
        if (error instanceof ContextOverflowError) return c.json(new ApiError(400, error.message, { param: "prompt", code: "context_length_exceeded" }).toJSON(), 400);
        // A UserError from the model or a task is about the request's content.
        if (isUserError(error)) return c.json(new ApiError(400, error.message, { code: "invalid_request" }).toJSON(), 400);
        // A bug, not the client's fault: answer 500 without details (never the prompt) and keep serving.
        const internal = new ApiError(500, "internal server error", { code: "internal_error" });
        return c.json(internal.toJSON(), 500);
    });
    app.notFound((c) => c.json(new ApiError(404, `no route ${c.req.method} ${c.req.path}`, { code: "not_found" }).toJSON(), 404));

    const model = context.model;
    app.get("/health", (c) =>
        c.json({ status: "ok", model: model.info.name, running: context.scheduler.active, queued: context.scheduler.queued, sequences: context.scheduler.slots })
    );
    app.get("/metrics", (c) => c.text(context.metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }));
    app.get("/v1/models", (c) =>
        c.json({ object: "list", data: [{ id: model.info.name, object: "model", created: 0, owned_by: "meditron", max_model_len: model.info.contextSize ?? null }] })
    );
    app.get("/v1/models/:id", (c) => {
        if (c.req.param("id") !== model.info.name) throw new ApiError(404, `the model ${JSON.stringify(c.req.param("id"))} does not exist`, { param: "model", code: "model_not_found" });
        return c.json({ id: model.info.name, object: "model", created: 0, owned_by: "meditron" });
    });
    app.post("/v1/chat/completions", async (c) => chatCompletions(c, context, await readJsonBody(c)));
    app.post("/v1/completions", async (c) => completions(c, context, await readJsonBody(c)));
    tokenizeRoutes(app, context);
    app.post("/v1/meditron/answer", async (c) => meditronAnswer(c, context, await readJsonBody(c)));
    app.get("/v1/meditron/schemas/differential.json", (c) => c.json(differentialAnswerSchema, 200, { "Content-Type": "application/schema+json" }));
    app.get("/v1/meditron/info", (c) =>
        c.json({
            model: { ...model.info },
            capabilities: model.capabilities,
            tasks: taskNames,
            disclaimer: MEDICAL_DISCLAIMER,
            safety: context.safety !== undefined,
            history: context.conversations !== undefined,
            settings: context.publicSettings
        })
    );
    conversationRoutes(app, context);
    app.get("/v1/meditron/evaluations", async (c) => c.json({ object: "list", data: context.evaluations === undefined ? [] : await context.evaluations.list() }));
    app.get("/v1/meditron/evaluations/run", async (c) => {
        const id = c.req.query("id");
        const run = id === undefined || context.evaluations === undefined ? undefined : await context.evaluations.get(id);
        if (run === undefined) throw new ApiError(404, `no evaluation run ${JSON.stringify(id ?? "")}`, { param: "id", code: "run_not_found" });
        return c.json(run);
    });

    if (options.webRoot !== undefined && existsSync(path.join(options.webRoot, "index.html"))) {
        const root = path.relative(process.cwd(), options.webRoot) || ".";
        app.use("/*", serveStatic({ root }));
        app.get("/", serveStatic({ root, path: "index.html" }));
    }
    return app;
}

/** A bounded label set for metrics: route templates, not raw paths. */
function endpointLabel(pathname: string): string {
    if (pathname.startsWith("/v1/meditron/conversations")) return "/v1/meditron/conversations";
    if (pathname.startsWith("/v1/models")) return "/v1/models";
    const known = ["/v1/chat/completions", "/v1/completions", "/v1/meditron/answer", "/tokenize", "/detokenize", "/health", "/metrics"];
    if (known.includes(pathname)) return pathname;
    return pathname.startsWith("/v1/") ? "/v1/other" : "/static";
}

function remoteAddress(c: Context<AppEnv>): string | null {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    return incoming?.socket?.remoteAddress ?? null;
}
