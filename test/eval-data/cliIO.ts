import { PassThrough } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";

/** A CliIO that collects what a command prints, with a chosen environment. */
export function captureIO(env: Record<string, string | undefined> = {}): { io: CliIO; stdout: () => string; stderr: () => string } {
    let out = "";
    let err = "";
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    return { io: { stdout, stderr, stdin: new PassThrough(), env, isTTY: false }, stdout: () => out, stderr: () => err };
}
