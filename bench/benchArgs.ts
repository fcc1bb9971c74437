import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (bench/ scripts write their results under bench/results there). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `--name value` from the command line, or `fallback` when the flag is absent. */
export function benchArg(name: string, fallback: string, argv: readonly string[] = process.argv.slice(2)): string {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}
