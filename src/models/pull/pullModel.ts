import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { atomicWriteFile, commitFile } from "../../util/atomicWrite.js";
import { UserError } from "../../util/errors.js";
import { readModelMetadata, metadataPathFor, type ModelFileMetadata } from "./modelMetadata.js";
import { resolvePullSource, type PullSource } from "./resolvePullSource.js";

/** Options of {@link pullModel}. */
export interface PullOptions {
    /** Directory that holds downloaded models (the CLI passes MEDITRON_MODELS_DIR or ~/.cache/meditron/models). */
    readonly modelsDir: string;
    /** Called as bytes arrive (and while an existing partial file is re-hashed). */
    readonly onProgress?: (progress: PullProgress) => void;
    /** Aborting stops the download and keeps the `.part` file for a later resume. */
    readonly signal?: AbortSignal;
    /** fetch implementation. Defaults to the global fetch. */
    readonly fetch?: typeof fetch;
    /** Hugging Face host for registry names and `hf:` specs. Defaults to https://huggingface.co (tests point it at a local server). */
    readonly hfBaseUrl?: string;
    /** Bearer token sent to the Hugging Face host, for gated or private repositories. */
    readonly token?: string;
    /** Download again even when the file is already there. */
    readonly force?: boolean;
    /** Automatic resumes after a broken connection or a 5xx/429 answer. Defaults to 3. */
    readonly retries?: number;
    /** Wait before an automatic resume. Defaults to 1000 ms. */
    readonly retryDelayMs?: number;
}

export interface PullProgress {
    /** `hashing`: reading an existing partial file before resuming; `downloading`; `verifying`. */
    readonly phase: "hashing" | "downloading" | "verifying";
    /** Bytes of the file on disk so far (including resumed bytes). */
    readonly receivedBytes: number;
    /** Total size when the server or the registry says it. */
    readonly totalBytes: number | null;
    /** Bytes that were already on disk when this download (attempt) started. */
    readonly resumedFromBytes: number;
}

export interface PullResult {
    /** Absolute path of the complete model file. */
    readonly path: string;
    readonly fileName: string;
    readonly url: string;
    readonly sha256: string;
    readonly sizeBytes: number;
    /** True when the file was already there and nothing was downloaded. */
    readonly alreadyPresent: boolean;
    /** Bytes reused from an interrupted earlier download. */
    readonly resumedFromBytes: number;
    readonly metadataPath: string;
}

/** What `<file>.part.json` remembers so a resume asks for the same version of the file. */
interface PartState {
    readonly url: string;
    readonly etag?: string;
    readonly lastModified?: string;
    readonly totalBytes?: number | null;
}

const GGUF_MAGIC = Buffer.from("GGUF", "ascii");

/**
 * Downloads a model file into `modelsDir`: a registry name, `hf:<owner>/<repo>/<file>` or an
 * http(s) URL (see {@link resolvePullSource}).
 *
 * Safe against interruptions: bytes go to `<file>.part`; a later pull resumes it with an HTTP
 * Range request (guarded by If-Range with the ETag or Last-Modified seen first, so a changed file
 * restarts cleanly, as does a server that ignores Range). The sha256 is computed incrementally
 * (the existing part is re-hashed on resume) and checked against the registry's when known, as is
 * the size; the first bytes must be the GGUF magic. Only a verified file is renamed to its final
 * name (atomically, after a `<file>.meta.json` sidecar with URL, sha256, size and date), so a file
 * under the final name is always complete.
 */
export async function pullModel(spec: string, options: PullOptions): Promise<PullResult> {
    const source = resolvePullSource(spec, { hfBaseUrl: options.hfBaseUrl });
    const modelsDir = path.resolve(options.modelsDir);
    await mkdir(modelsDir, { recursive: true });
    const finalPath = path.join(modelsDir, source.fileName);
    const partPath = `${finalPath}.part`;
    const partStatePath = `${partPath}.json`;
    const metadataPath = metadataPathFor(finalPath);

    if (options.force) {
        await Promise.all([finalPath, metadataPath, partPath, partStatePath].map((file) => rm(file, { force: true })));
    } else {
        const existing = await existingDownload(source, finalPath, metadataPath);
        if (existing) return existing;
    }

    const retries = options.retries ?? 3;
    let restartedAfter416 = false;
    for (let attempt = 0; ; attempt++) {
        options.signal?.throwIfAborted();
        try {
            const outcome = await downloadOnce(source, partPath, partStatePath, options);
            if (outcome === "range-not-satisfiable") {
                // The part is not a prefix of the current file (or is already too long): start over once.
                if (restartedAfter416) throw new UserError(`the server at ${source.url} keeps refusing the byte range`, { fix: "try again later" });
                restartedAfter416 = true;
                await Promise.all([rm(partPath, { force: true }), rm(partStatePath, { force: true })]);
                attempt -= 1;
                continue;
            }
            const { sha256, sizeBytes, resumedFromBytes } = outcome;
            options.onProgress?.({ phase: "verifying", receivedBytes: sizeBytes, totalBytes: sizeBytes, resumedFromBytes });
            await verify(source, partPath, partStatePath, sha256, sizeBytes);
            const metadata: ModelFileMetadata = {
                spec: source.spec,
                url: source.url,
                fileName: source.fileName,
                sha256,
                sizeBytes,
                downloadedAt: new Date().toISOString(),
                ...(source.registryModel ? { registryName: source.registryModel.name } : {})
            };
            // Sidecar first: whenever the final file exists, its metadata does too.
            await atomicWriteFile(metadataPath, `${JSON.stringify(metadata, null, 2)}\n`);
            await commitFile(partPath, finalPath);
            await rm(partStatePath, { force: true });
            return { path: finalPath, fileName: source.fileName, url: source.url, sha256, sizeBytes, alreadyPresent: false, resumedFromBytes, metadataPath };
        } catch (error) {
            if (options.signal?.aborted) throw options.signal.reason;
            if (!(error instanceof TransientDownloadError)) throw error;
            if (attempt >= retries) {
                throw new UserError(`download of ${source.url} failed: ${error.message}`, {
                    fix: `the partial file ${path.basename(partPath)} is kept; run the same pull again to resume`,
                    cause: error
                });
            }
            await delay(options.retryDelayMs ?? 1000, options.signal);
        }
    }
}

/** A failure worth retrying by resuming: broken connection, short body, 5xx or 429. */
class TransientDownloadError extends Error {}

async function existingDownload(source: PullSource, finalPath: string, metadataPath: string): Promise<PullResult | undefined> {
    const info = await stat(finalPath).catch(() => undefined);
    if (info === undefined) return undefined;
    let metadata = await readModelMetadata(finalPath);
    if (metadata !== undefined && metadata.url !== source.url) {
        throw new UserError(`${finalPath} already exists and came from another source`, {
            expected: source.url,
            found: metadata.url,
            fix: "pass --force to replace it, or use another models directory"
        });
    }
    if (metadata === undefined) {
        // A file someone put there by hand: hash it once and record where it claims to come from.
        const sha256 = await hashFile(finalPath, createHash("sha256"));
        metadata = { spec: source.spec, url: source.url, fileName: source.fileName, sha256, sizeBytes: info.size, downloadedAt: info.mtime.toISOString() };
        await atomicWriteFile(metadataPath, `${JSON.stringify(metadata, null, 2)}\n`);
    }
    if (source.expectedSha256 !== null && metadata.sha256 !== source.expectedSha256) {
        throw new UserError(`${finalPath} exists but its sha256 does not match the registry`, {
            expected: source.expectedSha256,
            found: metadata.sha256,
            fix: "pass --force to download it again"
        });
    }
    return { path: finalPath, fileName: source.fileName, url: source.url, sha256: metadata.sha256, sizeBytes: info.size, alreadyPresent: true, resumedFromBytes: 0, metadataPath };
}

/** One HTTP request: resumes the part when possible, appends to it, hashes everything. */
async function downloadOnce(
    source: PullSource,
    partPath: string,
    partStatePath: string,
    options: PullOptions
): Promise<{ sha256: string; sizeBytes: number; resumedFromBytes: number } | "range-not-satisfiable"> {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const savedState = await readPartState(partStatePath);
    let offset = (await stat(partPath).catch(() => undefined))?.size ?? 0;
    if (offset > 0 && savedState?.url !== source.url) {
        // A part from another URL (or with no state) cannot be trusted as a prefix.
        await rm(partPath, { force: true });
        offset = 0;
    }
    let hasher = createHash("sha256");
    let existingHead: Buffer = Buffer.alloc(0);
    if (offset > 0) {
        options.onProgress?.({ phase: "hashing", receivedBytes: 0, totalBytes: offset, resumedFromBytes: offset });
        existingHead = await readHead(partPath);
        if (!GGUF_MAGIC.subarray(0, existingHead.length).equals(existingHead)) {
            await rm(partPath, { force: true });
            offset = 0;
            existingHead = Buffer.alloc(0);
        } else {
            await hashFile(partPath, hasher);
        }
    }

    const headers: Record<string, string> = {};
    if (source.huggingFace && options.token) headers.authorization = `Bearer ${options.token}`;
    if (offset > 0) {
        headers.range = `bytes=${offset}-`;
        // If-Range needs a strong validator; without one, the final sha256/size check is the safety net.
        const validator = savedState?.etag && !savedState.etag.startsWith("W/") ? savedState.etag : savedState?.lastModified;
        if (validator) headers["if-range"] = validator;
    }

    let response: Response;
    try {
        response = await fetchImpl(source.url, { headers, signal: options.signal, redirect: "follow" });
    } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw new TransientDownloadError(`could not connect (${describe(error)})`);
    }

    if (response.status === 416) {
        await response.body?.cancel();
        return "range-not-satisfiable";
    }
    if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw statusError(response.status, source, options.token !== undefined);
    }
    let totalBytes: number | null;
    if (response.status === 206 && offset > 0) {
        const range = parseContentRange(response.headers.get("content-range"));
        if (range === undefined || range.start !== offset) {
            await response.body?.cancel();
            throw new TransientDownloadError(`the server answered a different byte range (${response.headers.get("content-range")})`);
        }
        totalBytes = range.total;
    } else {
        // 200: a fresh download, or a server that ignored Range / saw a changed file: restart cleanly.
        offset = 0;
        hasher = createHash("sha256");
        const length = response.headers.get("content-length");
        totalBytes = length !== null && /^\d+$/.test(length) ? Number(length) : null;
        const state: PartState = {
            url: source.url,
            ...(response.headers.get("etag") ? { etag: response.headers.get("etag")! } : {}),
            ...(response.headers.get("last-modified") ? { lastModified: response.headers.get("last-modified")! } : {}),
            totalBytes
        };
        await atomicWriteFile(partStatePath, `${JSON.stringify(state)}\n`);
    }
    if (source.expectedSize !== null && totalBytes !== null && totalBytes !== source.expectedSize) {
        await response.body?.cancel();
        throw new UserError(`the server offers ${totalBytes} bytes for ${source.fileName}, the registry expects ${source.expectedSize}`, {
            fix: "the file changed upstream or the URL is wrong; nothing was kept"
        });
    }

    const resumedFromBytes = offset;
    let received = offset;
    const handle: FileHandle = await open(partPath, offset > 0 ? "a" : "w");
    let head: Buffer = offset > 0 ? existingHead : Buffer.alloc(0);
    try {
        if (response.body === null) throw new TransientDownloadError("the response has no body");
        options.onProgress?.({ phase: "downloading", receivedBytes: received, totalBytes, resumedFromBytes });
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            if (head.length < 4) {
                head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
                if (!GGUF_MAGIC.subarray(0, head.length).equals(head)) {
                    await response.body.cancel().catch(() => undefined);
                    throw notGgufError(source, Buffer.concat([head, chunk]).subarray(0, 64));
                }
            }
            await handle.write(chunk);
            hasher.update(chunk);
            received += chunk.length;
            options.onProgress?.({ phase: "downloading", receivedBytes: received, totalBytes, resumedFromBytes });
        }
    } catch (error) {
        await handle.close();
        if (error instanceof NotGgufError) {
            await Promise.all([rm(partPath, { force: true }), rm(partStatePath, { force: true })]);
            throw error;
        }
        if (options.signal?.aborted) throw options.signal.reason;
        if (error instanceof TransientDownloadError || error instanceof UserError) throw error;
        throw new TransientDownloadError(`the connection broke after ${received} bytes (${describe(error)})`);
    }
    await handle.close();
    if (totalBytes !== null && received < totalBytes) throw new TransientDownloadError(`the connection closed after ${received} of ${totalBytes} bytes`);
    if (received < 4) {
        await Promise.all([rm(partPath, { force: true }), rm(partStatePath, { force: true })]);
        throw notGgufError(source, head);
    }
    return { sha256: hasher.digest("hex"), sizeBytes: received, resumedFromBytes };
}

async function verify(source: PullSource, partPath: string, partStatePath: string, sha256: string, sizeBytes: number): Promise<void> {
    const discard = (): Promise<unknown> => Promise.all([rm(partPath, { force: true }), rm(partStatePath, { force: true })]);
    if (source.expectedSize !== null && sizeBytes !== source.expectedSize) {
        await discard();
        throw new UserError(`downloaded ${source.fileName} has the wrong size; it was deleted`, {
            expected: `${source.expectedSize} bytes`,
            found: `${sizeBytes} bytes`,
            fix: "run the pull again; if it persists the file changed upstream"
        });
    }
    if (source.expectedSha256 !== null && sha256 !== source.expectedSha256) {
        await discard();
        throw new UserError(`downloaded ${source.fileName} is corrupt (sha256 mismatch); it was deleted`, {
            expected: source.expectedSha256,
            found: sha256,
            fix: "run the pull again; if it persists the file changed upstream or the mirror serves a different file"
        });
    }
}

class NotGgufError extends UserError {}

function notGgufError(source: PullSource, firstBytes: Buffer): NotGgufError {
    const printable = firstBytes.toString("latin1").replace(/[^\x20-\x7e]/g, ".").slice(0, 40);
    const looksHtml = /^\s*</.test(firstBytes.toString("latin1"));
    return new NotGgufError(`${source.url} is not a GGUF model file; nothing was kept`, {
        expected: 'a file starting with the bytes "GGUF"',
        found: JSON.stringify(printable),
        fix: looksHtml ? "the server sent a web page (a login page or wrong link?); use the file's direct download URL" : "check the URL or file name (meditron runs .gguf files only)"
    });
}

function statusError(status: number, source: PullSource, sentToken: boolean): Error {
    if (status === 401 || status === 403) {
        return new UserError(`${source.url} refused the download (HTTP ${status})`, {
            expected: "a public file, or a token with access",
            found: sentToken ? "the token was rejected" : "no token was sent",
            fix: "for a gated Hugging Face repository accept its licence on huggingface.co and pass a token (--hf-token or HF_TOKEN)"
        });
    }
    if (status === 404) {
        return new UserError(`${source.url} does not exist (HTTP 404)`, { fix: "check the repository and file name (`meditron models` lists the known ones)" });
    }
    if (status === 429 || status >= 500) return new TransientDownloadError(`the server answered HTTP ${status}`);
    return new UserError(`${source.url} answered HTTP ${status}`, { fix: "check the URL" });
}

/** `bytes 100-199/1000` → {start: 100, total: 1000}; total null for `*`. */
function parseContentRange(value: string | null): { start: number; total: number | null } | undefined {
    const match = value === null ? null : /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
    if (!match) return undefined;
    return { start: Number(match[1]), total: match[3] === "*" ? null : Number(match[3]) };
}

async function readPartState(file: string): Promise<PartState | undefined> {
    try {
        const parsed = JSON.parse(await readFile(file, "utf8")) as PartState;
        return typeof parsed.url === "string" ? parsed : undefined;
    } catch {
        return undefined;
    }
}

async function readHead(file: string): Promise<Buffer> {
    const handle = await open(file, "r");
    try {
        const buffer = Buffer.alloc(4);
        const { bytesRead } = await handle.read(buffer, 0, 4, 0);
        return buffer.subarray(0, bytesRead);
    } finally {
        await handle.close();
    }
}

async function hashFile(file: string, hasher: Hash): Promise<string> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hasher.update(chunk as Buffer);
    return hasher.copy().digest("hex");
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const cause = (error as { cause?: unknown }).cause;
        return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
    }
    return String(error);
}
