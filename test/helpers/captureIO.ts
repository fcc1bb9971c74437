import { PassThrough } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";

/**
 * A CliIO that collects what a command prints, for running commands in-process with runCli.
 * stdin is given text (or ends at once), env is explicit: tests never inherit the real environment.
 */
export function captureIO(options: { env?: Record<string, string | undefined>; stdin?: string } = {}): {
    io: CliIO;
    stdout: () => string;
    stderr: () => string;
} {
    let out = "";
    let err = "";
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = new PassThrough();
    stdin.end(options.stdin ?? "");
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    return { io: { stdout, stderr, stdin, env: options.env ?? {}, isTTY: false }, stdout: () => out, stderr: () => err };
}
