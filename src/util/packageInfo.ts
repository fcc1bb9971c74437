import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

let cached: { version: string } | undefined;

/** The package's own version, read lazily (no I/O at import time). */
export function packageVersion(): string {
    cached ??= JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
    return cached.version;
}

/** The package root: two levels above this file in both src/util and dist/util. */
export function packageRoot(): string {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
}
