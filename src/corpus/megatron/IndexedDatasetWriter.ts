import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, writeSync, fsyncSync } from "node:fs";

/** Megatron's mmap index magic `MMIDIDX\0\0`, format version 1, dtype code 8 = uint16. */
export const MMAP_INDEX_MAGIC = Buffer.from("MMIDIDX\x00\x00", "latin1");
export const MMAP_INDEX_VERSION = 1n;
export const MMAP_DTYPE_UINT16 = 8;

/** Where a dataset under construction stands; stored in the checkpoint after each completed shard. */
export interface DatasetPosition {
    readonly documents: number;
    readonly tokens: number;
}

/**
 * Writes a Megatron-LLM mmap indexed dataset (`megatron/data/indexed_dataset.py`, `--dataset_impl mmap`):
 * `.bin` = all documents' uint16 tokens back to back; `.idx` = magic, u64 version 1, u8 dtype code 8,
 * u64 sequence count, u64 doc_idx count, int32 sizes[], int64 byte pointers[], int64 doc_idx[] (0..n, one
 * sequence per document as preprocess_data.py writes it).
 *
 * Tokens and sizes go to `.partial` files in the work folder so memory stays flat; a resumed build
 * truncates them back to the last checkpoint. `finish` writes the index and renames both files into
 * place (each rename is atomic).
 */
export class IndexedDatasetWriter {
    private readonly binFd: number;
    private readonly sizesFd: number;
    private documents: number;
    private tokens: number;

    constructor(private readonly workPrefix: string, resumeFrom: DatasetPosition = { documents: 0, tokens: 0 }) {
        this.binFd = openSync(`${workPrefix}.bin.partial`, resumeFrom.documents === 0 ? "w+" : "r+");
        this.sizesFd = openSync(`${workPrefix}.sizes.partial`, resumeFrom.documents === 0 ? "w+" : "r+");
        const binBytes = resumeFrom.tokens * 2;
        if (fstatSync(this.binFd).size < binBytes || fstatSync(this.sizesFd).size < resumeFrom.documents * 4) {
            throw new Error(`work files of ${workPrefix} are shorter than the checkpoint says; delete the output folder and rebuild`);
        }
        ftruncateSync(this.binFd, binBytes);
        ftruncateSync(this.sizesFd, resumeFrom.documents * 4);
        this.documents = resumeFrom.documents;
        this.tokens = resumeFrom.tokens;
    }

    get position(): DatasetPosition {
        return { documents: this.documents, tokens: this.tokens };
    }

    append(tokens: Uint16Array): void {
        const bytes = Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength);
        writeSync(this.binFd, bytes, 0, bytes.length, this.tokens * 2);
        const size = Buffer.alloc(4);
        size.writeInt32LE(tokens.length);
        writeSync(this.sizesFd, size, 0, 4, this.documents * 4);
        this.documents++;
        this.tokens += tokens.length;
    }

    /** Makes what was appended durable before a checkpoint records it. */
    sync(): void {
        fsyncSync(this.binFd);
        fsyncSync(this.sizesFd);
    }

    /** Writes `{finalPrefix}.idx`, moves the tokens to `{finalPrefix}.bin`. */
    finish(finalPrefix: string): void {
        this.sync();
        const n = this.documents;
        const idxTmp = `${finalPrefix}.idx.tmp`;
        const fd = openSync(idxTmp, "w");
        try {
            const header = Buffer.alloc(9 + 8 + 1 + 8 + 8);
            MMAP_INDEX_MAGIC.copy(header, 0);
            header.writeBigUInt64LE(MMAP_INDEX_VERSION, 9);
            header.writeUInt8(MMAP_DTYPE_UINT16, 17);
            header.writeBigUInt64LE(BigInt(n), 18);
            header.writeBigUInt64LE(BigInt(n + 1), 26);
            writeSync(fd, header);
            const chunkDocs = 1 << 16;
            const sizes = Buffer.alloc(chunkDocs * 4);
            // Pass 1: sizes (copied); pass 2: pointers (running byte offset).
            for (let done = 0; done < n; done += chunkDocs) {
                const count = Math.min(chunkDocs, n - done);
                readSync(this.sizesFd, sizes, 0, count * 4, done * 4);
                writeSync(fd, sizes, 0, count * 4);
            }
            let pointer = 0n;
            const pointers = Buffer.alloc(chunkDocs * 8);
            for (let done = 0; done < n; done += chunkDocs) {
                const count = Math.min(chunkDocs, n - done);
                readSync(this.sizesFd, sizes, 0, count * 4, done * 4);
                for (let i = 0; i < count; i++) {
                    pointers.writeBigInt64LE(pointer, i * 8);
                    pointer += BigInt(sizes.readInt32LE(i * 4)) * 2n;
                }
                writeSync(fd, pointers, 0, count * 8);
            }
            for (let done = 0; done <= n; done += chunkDocs) {
                const count = Math.min(chunkDocs, n + 1 - done);
                for (let i = 0; i < count; i++) pointers.writeBigInt64LE(BigInt(done + i), i * 8);
                writeSync(fd, pointers, 0, count * 8);
            }
            fsyncSync(fd);
        } finally {
            closeSync(fd);
        }
        closeSync(this.binFd);
        closeSync(this.sizesFd);
        renameSync(`${this.workPrefix}.bin.partial`, `${finalPrefix}.bin`);
        renameSync(idxTmp, `${finalPrefix}.idx`);
    }

    close(): void {
        closeSync(this.binFd);
        closeSync(this.sizesFd);
    }
}
