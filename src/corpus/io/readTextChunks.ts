import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";

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

/** Length of the gzip member header at `offset` (RFC 1952), or -1 when the bytes there are not a header. */
async function gzipHeaderLength(file: string, offset: number): Promise<number> {
    const handle = await open(file, "r");
    try {
        const buf = Buffer.alloc(1 << 16);
        const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
        if (bytesRead < 10 || buf[0] !== 0x1f || buf[1] !== 0x8b || buf[2] !== 0x08) return -1;
        const flags = buf[3]!;
        if ((flags & 0xe0) !== 0) return -1;
        let pos = 10;
        if (flags & 0x04) pos += 2 + buf.readUInt16LE(pos);
        for (const bit of [0x08, 0x10]) {
            if (flags & bit) {
                while (pos < bytesRead && buf[pos] !== 0) pos++;
                pos++;
            }
        }
        if (flags & 0x02) pos += 2;
        return pos <= bytesRead ? pos : -1;
    } finally {
        await handle.close();
    }
}

/**
 * Streams a plain or gzip file (detected by magic bytes) as UTF-8 text chunks, with bounded memory.
 * Gzip files are decoded member by member (header parsed here, deflate data through zlib's raw inflater,
 * whose consumed-byte count gives the exact member end), so a corrupt member costs only its own data:
 * the problem is reported with its compressed offset, a DISCONTINUITY is yielded, and decoding restarts
 * at the next member header after the failure point. With `strict`, the error is thrown instead.
 */
export async function* readTextChunks(file: string, onGzipProblem: (problem: GzipProblem) => void, strict = false): AsyncGenerator<TextChunk> {
    if (!(await isGzip(file))) {
        const decoder = new TextDecoder("utf-8");
        for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield decoder.decode(chunk as Buffer, { stream: true });
        const tail = decoder.decode();
        if (tail !== "") yield tail;
        return;
    }
    const size = (await stat(file)).size;
    let memberStart = 0;
    const decoder = new TextDecoder("utf-8");
    while (memberStart < size) {
        const headerLength = await gzipHeaderLength(file, memberStart);
        let failure: { at: number; message: string } | undefined;
        if (headerLength < 0) {
            failure = { at: memberStart, message: "not a gzip member header" };
        } else {
            const dataStart = memberStart + headerLength;
            const input = createReadStream(file, { start: dataStart, highWaterMark: 1 << 16 });
            const inflate = createInflateRaw();
            input.on("error", (e) => inflate.destroy(e));
            input.pipe(inflate);
            try {
                for await (const chunk of inflate) yield decoder.decode(chunk as Buffer, { stream: true });
                input.destroy();
                // Deflate data, then CRC32 and ISIZE (8 bytes).
                memberStart = dataStart + inflate.bytesWritten + 8;
                continue;
            } catch (error) {
                input.destroy();
                failure = { at: dataStart + inflate.bytesWritten, message: error instanceof Error ? error.message : String(error) };
            }
        }
        if (strict) throw Object.assign(new Error(`corrupt gzip data in ${file} near compressed byte ${failure.at}: ${failure.message}`), { gzip: true });
        onGzipProblem({ file, compressedOffset: failure.at, message: failure.message });
        decoder.decode();
        yield DISCONTINUITY;
        const next = await findNextMember(file, Math.max(failure.at, memberStart + 1));
        if (next < 0) return;
        memberStart = next;
    }
    const tail = decoder.decode();
    if (tail !== "") yield tail;
}
