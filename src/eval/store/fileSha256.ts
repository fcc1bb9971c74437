import { stat } from "node:fs/promises";
import path from "node:path";
import type { ResponseCache } from "./ResponseCache.js";
import { sha256File } from "../../util/sha256.js";

/**
 * sha256 of a file, remembered in the cache by (absolute path, size, mtime) so a model of many
 * GiB is hashed once rather than at the start of every run.
 */
export async function fileSha256(filePath: string, cache?: ResponseCache): Promise<string> {
    const absolute = path.resolve(filePath);
    const info = await stat(absolute);
    const known = cache?.fileHash(absolute, info.size, info.mtimeMs);
    if (known !== undefined) return known;
    const hash = await sha256File(absolute);
    cache?.rememberFileHash(absolute, info.size, info.mtimeMs, hash);
    return hash;
}
