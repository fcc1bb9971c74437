import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { LanguageModel } from "../models/LanguageModel.js";
import type { SafetyGate } from "../tasks/TaskAnswer.js";
import { ApiError } from "./ApiError.js";
import type { AuditLog } from "./AuditLog.js";
import { DEFAULT_PROMPT_FORMAT, getPromptFormat } from "../prompts/chat/promptFormats.js";
import { chatFormatFrom, type ChatFormat } from "./chatPrompt.js";
import { ConversationStore } from "./ConversationStore.js";
import { createApp } from "./createApp.js";
import type { EvaluationRuns } from "./EvaluationRuns.js";
import { Metrics } from "./Metrics.js";
import type { ServerContext } from "./ServerContext.js";
import { SlotScheduler } from "./SlotScheduler.js";

export interface StartServerOptions {
    model: LanguageModel;
    /** Defaults to 127.0.0.1: the API is reachable from this machine only unless opened on purpose. */
    host?: string;
    /** 0 picks a free port. Defaults to 8080. */
    port?: number;
    apiKeys?: readonly string[];
    corsOrigins?: readonly string[];
    /** Requests that run at once. Defaults to the model's parallelism (its context sequences). */
    parallel?: number;
    /** Requests that may wait for a sequence before new ones get 503. Defaults to 4 × parallel. */
    queueSize?: number;
    /** Per-request time limit in milliseconds. Defaults to 300 000. */
    timeoutMs?: number;
    /** Defaults to 1 MiB. */
    bodyLimitBytes?: number;
    /** How long SIGTERM shutdown lets running requests finish before cancelling them. Defaults to 10 000. */
    shutdownDeadlineMs?: number;
    safety?: SafetyGate;
    audit?: AuditLog;
    /** SQLite file of the web app's conversation history; absent disables history. */
    historyFile?: string;
    evaluations?: EvaluationRuns;
    webRoot?: string;
    /** How chat messages become a prompt. Defaults to the meditron-one-shot prompt format. */
    chatFormat?: ChatFormat;
}

export interface RunningServer {
    readonly url: string;
    readonly host: string;
    readonly port: number;
    readonly context: ServerContext;
    /**
     * Graceful shutdown: stop accepting connections, let running requests finish until the
     * deadline, cancel what is left, close every connection. Resolves when all is closed.
     */
    close(deadlineMs?: number): Promise<void>;
}

/** Starts `meditron serve`'s HTTP server: the OpenAI-compatible API, the task API and the web app. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
    const slots = Math.max(1, options.parallel ?? options.model.capabilities.parallelism);
    const scheduler = new SlotScheduler(slots, options.queueSize ?? slots * 4);
    const shutdown = new AbortController();
    const conversations = options.historyFile === undefined ? undefined : ConversationStore.open(options.historyFile);
    const chatFormat = options.chatFormat ?? chatFormatFrom(getPromptFormat(DEFAULT_PROMPT_FORMAT));
    const context: ServerContext = {
        model: options.model,
        scheduler,
        metrics: new Metrics(() => ({ running: scheduler.active, queued: scheduler.queued, slots })),
        chatFormat,
        shutdownSignal: shutdown.signal,
        timeoutMs: options.timeoutMs ?? 300_000,
        safety: options.safety,
        audit: options.audit,
        conversations,
        evaluations: options.evaluations,
        publicSettings: {
            sequences: slots,
            queue: scheduler.queueSize,
            timeoutSeconds: Math.round((options.timeoutMs ?? 300_000) / 1000),
            chatFormat: chatFormat.name,
            authentication: (options.apiKeys?.length ?? 0) > 0,
            auditLog: options.audit !== undefined
        }
    };

    let shuttingDown = false;
    let inFlight = 0;
    let idle: (() => void) | undefined;
    const app = createApp(context, {
        apiKeys: options.apiKeys,
        corsOrigins: options.corsOrigins,
        bodyLimitBytes: options.bodyLimitBytes,
        webRoot: options.webRoot,
        isShuttingDown: () => shuttingDown,
        onRequestEnd: () => {
            inFlight--;
            if (inFlight === 0) idle?.();
        }
    });

    const host = options.host ?? "127.0.0.1";
    const server = await new Promise<Server>((resolve, reject) => {
        const instance = serve(
            {
                fetch: (request, env) => {
                    inFlight++;
                    return app.fetch(request, env);
                },
                hostname: host,
                port: options.port ?? 8080
            },
            () => resolve(instance as Server)
        ) as Server;
        instance.once("error", reject);
    });
    // A slow client may not hold a socket forever; generation time is bounded by timeoutMs instead.
    server.requestTimeout = 0;
    server.headersTimeout = 30_000;
    const port = (server.address() as AddressInfo).port;
    const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;

    let closing: Promise<void> | undefined;
    return {
        url: `http://${urlHost}:${port}`,
        host,
        port,
        context,
        close(deadlineMs = options.shutdownDeadlineMs ?? 10_000) {
            closing ??= (async () => {
                shuttingDown = true;
                const closed = new Promise<void>((resolve) => server.close(() => resolve()));
                server.closeIdleConnections();
                scheduler.rejectQueued(new ApiError(503, "the server is shutting down", { code: "shutting_down" }));
                if (inFlight > 0) {
                    const drained = new Promise<void>((resolve) => (idle = resolve));
                    let timer: NodeJS.Timeout | undefined;
                    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
                    await Promise.race([drained, deadline]);
                    clearTimeout(timer);
                    if (inFlight > 0) {
                        // Deadline passed: cancel what is still generating and give it a moment to answer.
                        shutdown.abort(new Error("shutdown deadline passed"));
                        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1000))]);
                    }
                }
                // Responses are still being written when the last handler returns: close each
                // connection once it goes idle, and cut whatever is left after a short grace.
                const sweeper = setInterval(() => server.closeIdleConnections(), 25);
                await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
                clearInterval(sweeper);
                server.closeAllConnections();
                await closed;
                conversations?.close();
            })();
            return closing;
        }
    };
}
