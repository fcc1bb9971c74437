import { PassThrough } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

export interface CapturedIO {
    readonly io: CliIO;
    stdout(): string;
    stderr(): string;
    /** Each chunk written to stdout, in order (to check that answers stream piece by piece). */
    readonly stdoutWrites: string[];
}

/**
 * A CliIO that collects what a command prints, for running commands in-process with runCli.
 * stdin is given text (or ends at once), env is explicit: tests never inherit the real environment.
 */
export function captureIO(options: { env?: Record<string, string | undefined>; stdin?: string } = {}): CapturedIO {
    let out = "";
    let err = "";
    const stdoutWrites: string[] = [];
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = new PassThrough();
    stdin.end(options.stdin ?? "");
    stdout.on("data", (chunk: Buffer) => {
        const piece = chunk.toString("utf8");
        stdoutWrites.push(piece);
        out += piece;
    });
    stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    return { io: { stdout, stderr, stdin, env: options.env ?? {}, isTTY: false }, stdout: () => out, stderr: () => err, stdoutWrites };
}

/** Runs `meditron <argv>` in-process and returns its exit code and what it printed. */
export async function runCliCaptured(
    argv: readonly string[],
    options: { env?: Record<string, string | undefined>; stdin?: string; signal?: AbortSignal } = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
    const capture = captureIO(options);
    const code = await runCli(argv, capture.io, options.signal);
    return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}
