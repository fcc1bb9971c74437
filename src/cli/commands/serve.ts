import path from "node:path";
import type { Command } from "commander";
import { getPromptFormat, promptFormatNames, DEFAULT_PROMPT_FORMAT } from "../../prompts/chat/promptFormats.js";
import { createSafetyGate } from "../../safety/createSafetyGate.js";
import { createSafetyLayer } from "../../safety/SafetyLayer.js";
import { fileAuditLog } from "../../server/AuditLog.js";
import { chatFormatFrom } from "../../server/chatPrompt.js";
import { directoryEvaluationRuns } from "../../server/EvaluationRuns.js";
import { startServer } from "../../server/startServer.js";
import { UserError } from "../../util/errors.js";
import { packageRoot } from "../../util/packageInfo.js";
import type { CliContext, RegisterCommand } from "../CliCommand.js";
import { addModelOptions, openModel, type ModelFlagValues } from "../modelOptions.js";

interface ServeFlags extends ModelFlagValues {
    host: string;
    port: string;
    apiKey?: string[];
    cors?: string[];
    queue?: string;
    timeout: string;
    auditLog?: string;
    history: string | false;
    evalDir: string;
    bodyLimit: string;
    shutdownDeadline: string;
    promptFormat: string;
    safety: boolean;
    locale?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `meditron serve`: the OpenAI-compatible API, the MediTron task API and the web app, on one
 * port. Stops gracefully on SIGTERM or Ctrl-C.
 */
export const registerServe: RegisterCommand = (program: Command, context: CliContext) => {
    const command = program
        .command("serve")
        .description("serve a model over an OpenAI-compatible HTTP API with the MediTron tasks and web app");
    addModelOptions(command, { parallel: true });
    command
        .option("--host <host>", "interface to bind; 127.0.0.1 keeps it on this machine, 0.0.0.0 opens it", "127.0.0.1")
        .option("--port <port>", "TCP port (0 picks a free one)", "8080")
        .option("--api-key <key>", "require `Authorization: Bearer <key>` (repeatable; also MEDITRON_API_KEYS, comma-separated)", collect)
        .option("--cors <origin>", "allow this browser origin, or * for any (repeatable; CORS is off without it)", collect)
        .option("--queue <n>", "requests that may wait for a free sequence before 503 (default: 4 × --parallel)")
        .option("--timeout <seconds>", "per-request time limit", "300")
        .option("--audit-log <file>", "append one JSON line per request: who, when, endpoint, status, token counts (never content)")
        .option("--history <file>", "SQLite file of the web app's conversation history", "meditron-history.sqlite")
        .option("--no-history", "keep no conversation history")
        .option("--eval-dir <dir>", "where the evaluations page looks for `meditron eval run` results", "eval-runs")
        .option("--body-limit <bytes>", "largest accepted request body", String(1024 * 1024))
        .option("--shutdown-deadline <seconds>", "on SIGTERM, how long running requests may finish before they are cancelled", "10")
        .option("--locale <locale>", "emergency numbers shown by the safety layer (e.g. en-GB, en-US, CH)")
        .option("--no-safety", "do not screen chat and task requests (benchmarking only: answers then carry no emergency triage)")
        .option("--prompt-format <name>", `chat format for /v1/chat/completions: ${promptFormatNames.join(", ")}`, DEFAULT_PROMPT_FORMAT)
        .action(async (flags: ServeFlags) => {
            await serve(flags, context);
        });
};

async function serve(flags: ServeFlags, context: CliContext): Promise<void> {
    const port = integer("--port", flags.port, 0, 65535);
    const timeoutSeconds = integer("--timeout", flags.timeout, 1, 24 * 3600);
    const bodyLimit = integer("--body-limit", flags.bodyLimit, 1024, 1024 * 1024 * 1024);
    const deadlineSeconds = integer("--shutdown-deadline", flags.shutdownDeadline, 0, 3600);
    const queue = flags.queue === undefined ? undefined : integer("--queue", flags.queue, 0, 100_000);
    const chatFormat = chatFormatFrom(getPromptFormat(flags.promptFormat));
    const envKeys = (context.io.env.MEDITRON_API_KEYS ?? "").split(",").map((key) => key.trim()).filter((key) => key !== "");
    const apiKeys = [...(flags.apiKey ?? []), ...envKeys];
    if (apiKeys.some((key) => key.length < 8)) {
        throw new UserError("an API key is too short", { expected: "keys of at least 8 characters", fix: "generate one with `openssl rand -hex 24`" });
    }

    const safety = flags.safety ? createSafetyGate(createSafetyLayer(flags.locale === undefined ? {} : { locale: flags.locale })) : undefined;
    const model = await openModel(flags, { env: context.io.env, signal: context.signal });
    const server = await startServer({
        model,
        host: flags.host,
        port,
        apiKeys,
        corsOrigins: flags.cors,
        parallel: model.capabilities.parallelism,
        queueSize: queue,
        timeoutMs: timeoutSeconds * 1000,
        bodyLimitBytes: bodyLimit,
        shutdownDeadlineMs: deadlineSeconds * 1000,
        audit: flags.auditLog === undefined ? undefined : fileAuditLog(flags.auditLog),
        historyFile: flags.history === false ? undefined : flags.history,
        evaluations: directoryEvaluationRuns(flags.evalDir),
        webRoot: path.join(packageRoot(), "dist", "web"),
        chatFormat,
        safety
    }).catch(async (error: unknown) => {
        await model.dispose();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
            throw new UserError(`cannot listen on ${flags.host}:${port}`, { found: code, fix: "pick another --port or --host", cause: error });
        }
        throw error;
    });
    const io = context.io;
    io.stderr.write(`meditron: serving ${model.info.name} at ${server.url} (${server.context.scheduler.slots} sequence(s), queue ${server.context.scheduler.queueSize})\n`);
    io.stderr.write(`meditron: web app ${server.url}/  API ${server.url}/v1  ${apiKeys.length > 0 ? `${apiKeys.length} API key(s) required` : "no API key required"}\n`);
    if (safety === undefined) io.stderr.write("meditron: warning: --no-safety: requests are not screened for emergencies or harmful requests\n");
    if (flags.host !== "127.0.0.1" && flags.host !== "localhost" && flags.host !== "::1" && apiKeys.length === 0) {
        io.stderr.write("meditron: warning: the server is reachable from other machines and has no API key (--api-key)\n");
    }

    // Stop on SIGTERM (service managers) or Ctrl-C (the CLI's signal), whichever comes first.
    await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGTERM", stop);
        context.signal.addEventListener("abort", stop, { once: true });
    });
    io.stderr.write(`meditron: shutting down (running requests get up to ${deadlineSeconds} s)\n`);
    await server.close();
    await model.dispose();
    io.stderr.write("meditron: stopped\n");
}

function integer(flag: string, raw: string, min: number, max: number): number {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new UserError(`invalid ${flag}`, { expected: `an integer from ${min} to ${max}`, found: JSON.stringify(raw) });
    }
    return value;
}
