import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Writes `data` to `filePath` so that readers only ever see the old content or the whole new
 * content, never half a file: the data goes to a temp file next to the target (same directory,
 * so the rename cannot cross a file system), is fsynced, and is renamed over the target.
 * The directory is fsynced afterwards so the rename itself survives a crash.
 */
export async function atomicWriteFile(filePath: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
    const tempPath = `${filePath}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
        const handle = await open(tempPath, "w", options.mode ?? 0o644);
        try {
            await handle.writeFile(data);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await commitFile(tempPath, filePath);
    } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
    }
}

/**
 * Makes an already written temp file the final file: fsync its data, rename it onto `finalPath`
 * and fsync the directory. Use it for files written incrementally (downloads) where
 * {@link atomicWriteFile} would need the whole content in memory.
 */
export async function commitFile(tempPath: string, finalPath: string): Promise<void> {
    const handle = await open(tempPath, "r+");
    try {
        await handle.sync();
    } finally {
        await handle.close();
    }
    await rename(tempPath, finalPath);
    await syncDirectory(path.dirname(finalPath));
}

/** fsync a directory so a rename in it is durable. Some platforms (Windows) cannot open directories; that is not an error. */
async function syncDirectory(directory: string): Promise<void> {
    let handle;
    try {
        handle = await open(directory, "r");
        await handle.sync();
    } catch {
        // Directory fsync is best effort: unsupported on some platforms and file systems.
    } finally {
        await handle?.close();
    }
}
