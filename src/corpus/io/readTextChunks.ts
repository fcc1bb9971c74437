import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";

/** Marks a gap in the decompressed text after a corrupt gzip member: a partial record must be dropped. */
export const DISCONTINUITY = Symbol("discontinuity");

export type TextChunk = string | typeof DISCONTINUITY;

export interface GzipProblem {
    readonly file: string;
    /** Compressed byte offset where the failing read began. */
    readonly compressedOffset: number;
    readonly message: string;
}

async function isGzip(file: string): Promise<boolean> {
    const handle = await open(file, "r");
    try {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
        return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    } finally {
        await handle.close();
    }
}

/** Offset of the next gzip member header (1f 8b 08) at or after `from`, or -1. */
async function findNextMember(file: string, from: number): Promise<number> {
    const handle = await open(file, "r");
    try {
        const buf = Buffer.alloc(1 << 20);
        let pos = from;
        for (;;) {
            const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
            if (bytesRead < 3) return -1;
            for (let i = 0; i + 2 < bytesRead; i++) {
                if (buf[i] === 0x1f && buf[i + 1] === 0x8b && buf[i + 2] === 0x08) return pos + i;
            }
            pos += bytesRead - 2;
        }
    } finally {
        await handle.close();
    }
}

/**
 * Streams a plain or gzip file (detected by magic bytes) as UTF-8 text chunks, with bounded memory.
 * Multi-member gzip files are read across members; when a member is corrupt the problem is reported,
 * a DISCONTINUITY is yielded, and reading restarts at the next member header after the failure
 * (zlib's `bytesWritten` tells how far the good input went). With `strict`, the error is thrown instead.
 */
export async function* readTextChunks(file: string, onGzipProblem: (problem: GzipProblem) => void, strict = false): AsyncGenerator<TextChunk> {
    if (!(await isGzip(file))) {
        const decoder = new TextDecoder("utf-8");
        for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield decoder.decode(chunk as Buffer, { stream: true });
        const tail = decoder.decode();
        if (tail !== "") yield tail;
        return;
    }
    let start = 0;
    for (;;) {
        const decoder = new TextDecoder("utf-8");
        const input = createReadStream(file, { start, highWaterMark: 1 << 16 });
        const gunzip = createGunzip();
        input.on("error", (e) => gunzip.destroy(e));
        input.pipe(gunzip);
        let produced = false;
        try {
            for await (const chunk of gunzip) {
                produced = true;
                yield decoder.decode(chunk as Buffer, { stream: true });
            }
            const tail = decoder.decode();
            if (tail !== "") yield tail;
            return;
        } catch (error) {
            input.destroy();
            const failedAt = start + gunzip.bytesWritten;
            const message = error instanceof Error ? error.message : String(error);
            if (strict) throw Object.assign(new Error(`corrupt gzip data in ${file} near compressed byte ${failedAt}: ${message}`), { gzip: true });
            onGzipProblem({ file, compressedOffset: failedAt, message });
            yield DISCONTINUITY;
            const next = await findNextMember(file, Math.max(failedAt, produced ? failedAt : start + 1));
            if (next < 0 || next <= start) {
                if (next < 0) return;
                const after = await findNextMember(file, start + 1);
                if (after < 0) return;
                start = after;
            } else {
                start = next;
            }
        }
    }
}
