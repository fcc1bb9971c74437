import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

/** A file served by {@link startFileServer}. */
export interface ServedFile {
    readonly body: Buffer;
    /** Strong ETag; defaults to the quoted sha256 of the body. `null` sends none. */
    readonly etag?: string | null;
}

export interface FileServer {
    readonly url: string;
    readonly requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
    /** Serve (or replace) a file at a path. */
    setFile(path: string, file: ServedFile): void;
    /** `from` answers 302 to `to` (Hugging Face's resolve → CDN hop). */
    redirect(from: string, to: string): void;
    /** The next response sends this many body bytes, then the socket is destroyed. */
    cutNext(afterBytes: number): void;
    /** Ignore Range headers from now on (always answer 200 with the whole file). */
    ignoreRange: boolean;
    /** The next `times` requests answer this status. */
    failNext(status: number, times?: number): void;
    close(): Promise<void>;
}

/**
 * A small static HTTP file server on 127.0.0.1:0 for download tests: Range/If-Range (206,
 * Content-Range, 416), ETag, redirects, injected failures and connections cut mid-body.
 * Bodies are written in 16 KiB chunks so clients see progress.
 */
export async function startFileServer(): Promise<FileServer> {
    const files = new Map<string, ServedFile>();
    const redirects = new Map<string, string>();
    const requests: FileServer["requests"] = [];
    const cuts: number[] = [];
    const failures: number[] = [];
    const sockets = new Set<Socket>();
    const state = { ignoreRange: false };

    const server = createServer(async (request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
        const record = { path, headers: request.headers, status: 0 };
        requests.push(record);
        const respond = (status: number, headers: Record<string, string | number> = {}, body?: Buffer): void => {
            record.status = status;
            response.writeHead(status, headers);
            response.end(body);
        };
        const failure = failures.shift();
        if (failure !== undefined) return respond(failure, { "content-type": "text/plain" }, Buffer.from(`failure ${failure}`));
        const target = redirects.get(path);
        if (target !== undefined) return respond(302, { location: target });
        const file = files.get(path);
        if (file === undefined) return respond(404, { "content-type": "text/plain" }, Buffer.from("not found"));

        const size = file.body.length;
        const etag = file.etag === undefined ? `"${createHash("sha256").update(file.body).digest("hex")}"` : file.etag;
        const baseHeaders: Record<string, string | number> = { "accept-ranges": state.ignoreRange ? "none" : "bytes", "content-type": "application/octet-stream" };
        if (etag !== null) baseHeaders.etag = etag;
        let start = 0;
        let status = 200;
        const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ""));
        const ifRange = request.headers["if-range"];
        if (range && !state.ignoreRange && (ifRange === undefined || ifRange === etag)) {
            start = Number(range[1]);
            if (start >= size) return respond(416, { "content-range": `bytes */${size}` });
            status = 206;
            baseHeaders["content-range"] = `bytes ${start}-${size - 1}/${size}`;
        }
        const body = file.body.subarray(start);
        record.status = status;
        response.writeHead(status, { ...baseHeaders, "content-length": body.length });
        const cut = cuts.shift();
        const limit = cut === undefined ? body.length : Math.min(cut, body.length);
        for (let at = 0; at < limit; at += 16 * 1024) {
            const piece = body.subarray(at, Math.min(limit, at + 16 * 1024));
            if (!response.write(piece)) await new Promise((resolve) => response.once("drain", resolve));
            await new Promise((resolve) => setImmediate(resolve));
        }
        if (cut !== undefined) {
            // Give the bytes time to leave, then break the connection mid-body.
            await new Promise((resolve) => setTimeout(resolve, 20));
            request.socket.destroy();
            return;
        }
        response.end();
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        setFile: (path, file) => void files.set(path, file),
        redirect: (from, to) => void redirects.set(from, to),
        cutNext: (afterBytes) => void cuts.push(afterBytes),
        get ignoreRange() {
            return state.ignoreRange;
        },
        set ignoreRange(value: boolean) {
            state.ignoreRange = value;
        },
        failNext: (status, times = 1) => {
            for (let index = 0; index < times; index++) failures.push(status);
        },
        close: () => {
            for (const socket of sockets) socket.destroy();
            return new Promise((resolve) => server.close(() => resolve()));
        }
    };
}

/** Bytes that look like a GGUF file: the magic, then deterministic filler. */
export function fakeGguf(size: number, seed = 1): Buffer {
    const body = Buffer.alloc(size);
    body.write("GGUF", 0, "ascii");
    let state = seed >>> 0;
    for (let index = 4; index < size; index++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        body[index] = state >>> 24;
    }
    return body;
}

export function sha256(body: Buffer): string {
    return createHash("sha256").update(body).digest("hex");
}
