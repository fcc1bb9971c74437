/**
 * Where a command writes. Commands never touch process.stdout directly, so tests run them
 * in-process and read what they printed.
 */
export interface CliIO {
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
    readonly stdin: NodeJS.ReadableStream;
    /** Environment, read only by the CLI layer (never by the library). */
    readonly env: Readonly<Record<string, string | undefined>>;
    /** Whether stderr is a terminal (progress bars redraw in place only then). */
    readonly isTTY: boolean;
}

export function processIO(): CliIO {
    return {
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        env: process.env,
        isTTY: Boolean(process.stderr.isTTY)
    };
}
