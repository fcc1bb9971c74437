import { open, rename, rm } from "node:fs/promises";
import { GgufValueType, type GgmlType } from "./ggmlTypes.js";

/** A metadata value with its GGUF type. Arrays hold scalars or strings of one type. */
export type GgufTypedValue =
    | { readonly type: GgufValueType.UINT8 | GgufValueType.INT8 | GgufValueType.UINT16 | GgufValueType.INT16
        | GgufValueType.UINT32 | GgufValueType.INT32 | GgufValueType.FLOAT32 | GgufValueType.FLOAT64; readonly value: number }
    | { readonly type: GgufValueType.UINT64 | GgufValueType.INT64; readonly value: bigint | number }
    | { readonly type: GgufValueType.BOOL; readonly value: boolean }
    | { readonly type: GgufValueType.STRING; readonly value: string }
    | { readonly type: GgufValueType.ARRAY; readonly itemType: Exclude<GgufValueType, GgufValueType.ARRAY>; readonly value: readonly (number | bigint | boolean | string)[] };

/** One tensor to write: its info plus a producer that streams exactly `byteLength` bytes. */
export interface GgufTensorSource {
    readonly name: string;
    /** Dimensions, ne[0] (the contiguous one) first, as GGUF stores them. */
    readonly dims: readonly number[];
    readonly type: GgmlType;
    readonly byteLength: number;
    /** Writes the tensor's bytes through `sink`, in any number of chunks. */
    produce(sink: (chunk: Uint8Array) => Promise<void>): Promise<void>;
}

export interface GgufFileSpec {
    readonly metadata: ReadonlyMap<string, GgufTypedValue>;
    readonly tensors: readonly GgufTensorSource[];
    /** Tensor data alignment; written as `general.alignment` only when it is not the default 32. */
    readonly alignment?: number;
}

const DEFAULT_ALIGNMENT = 32;
const FLUSH_BYTES = 8 * 1024 * 1024;

/**
 * Writes a GGUF v3 file: header, metadata, tensor infos, padding, then each tensor's data padded
 * to the alignment. Tensor data is streamed tensor by tensor, so memory stays bounded whatever
 * the model size. The file appears atomically (written to a temporary name, then renamed).
 * Returns the file size in bytes.
 */
export async function writeGgufFile(path: string, spec: GgufFileSpec): Promise<number> {
    const alignment = spec.alignment ?? DEFAULT_ALIGNMENT;
    const metadata = new Map(spec.metadata);
    if (alignment !== DEFAULT_ALIGNMENT) metadata.set("general.alignment", { type: GgufValueType.UINT32, value: alignment });

    const header = new ByteBuilder();
    header.bytes(Buffer.from("GGUF", "latin1"));
    header.u32(3);
    header.u64(spec.tensors.length);
    header.u64(metadata.size);
    for (const [key, value] of metadata) {
        header.string(key);
        header.u32(value.type);
        writeValue(header, value);
    }
    let offset = 0;
    for (const tensor of spec.tensors) {
        header.string(tensor.name);
        header.u32(tensor.dims.length);
        for (const dim of tensor.dims) header.u64(dim);
        header.u32(tensor.type);
        header.u64(offset);
        offset += alignUp(tensor.byteLength, alignment);
    }
    header.zeros(alignUp(header.length, alignment) - header.length);

    const temporary = `${path}.partial-${process.pid}`;
    const handle = await open(temporary, "w");
    try {
        const out = new BufferedFileWriter(handle);
        await out.write(header.toBuffer());
        for (const tensor of spec.tensors) {
            let written = 0;
            await tensor.produce(async (chunk) => {
                written += chunk.length;
                await out.write(chunk);
            });
            if (written !== tensor.byteLength) {
                throw new Error(`tensor ${tensor.name} produced ${written} bytes, declared ${tensor.byteLength}`);
            }
            await out.write(new Uint8Array(alignUp(written, alignment) - written));
        }
        await out.flush();
        await handle.close();
        await rename(temporary, path);
        return out.position;
    } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(temporary, { force: true });
        throw error;
    }
}

export function alignUp(n: number, alignment: number): number {
    return Math.ceil(n / alignment) * alignment;
}

function writeValue(b: ByteBuilder, v: GgufTypedValue): void {
    if (v.type === GgufValueType.ARRAY) {
        b.u32(v.itemType);
        b.u64(v.value.length);
        for (const item of v.value) writeScalar(b, v.itemType, item);
        return;
    }
    writeScalar(b, v.type, v.value);
}

function writeScalar(b: ByteBuilder, type: GgufValueType, value: number | bigint | boolean | string): void {
    switch (type) {
        case GgufValueType.UINT8: return b.fixed(1, (v, o) => v.setUint8(o, Number(value)));
        case GgufValueType.INT8: return b.fixed(1, (v, o) => v.setInt8(o, Number(value)));
        case GgufValueType.UINT16: return b.fixed(2, (v, o) => v.setUint16(o, Number(value), true));
        case GgufValueType.INT16: return b.fixed(2, (v, o) => v.setInt16(o, Number(value), true));
        case GgufValueType.UINT32: return b.u32(Number(value));
        case GgufValueType.INT32: return b.fixed(4, (v, o) => v.setInt32(o, Number(value), true));
        case GgufValueType.FLOAT32: return b.fixed(4, (v, o) => v.setFloat32(o, Number(value), true));
        case GgufValueType.FLOAT64: return b.fixed(8, (v, o) => v.setFloat64(o, Number(value), true));
        case GgufValueType.UINT64: return b.fixed(8, (v, o) => v.setBigUint64(o, BigInt(value), true));
        case GgufValueType.INT64: return b.fixed(8, (v, o) => v.setBigInt64(o, BigInt(value), true));
        case GgufValueType.BOOL: return b.fixed(1, (v, o) => v.setUint8(o, value ? 1 : 0));
        case GgufValueType.STRING: return b.string(String(value));
        default: throw new Error(`cannot write GGUF value type ${type} as an array item`);
    }
}

/** Growable little-endian byte buffer for the header and metadata. */
class ByteBuilder {
    private buffer = Buffer.alloc(1 << 20);
    private view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    length = 0;

    private reserve(n: number): void {
        if (this.length + n <= this.buffer.length) return;
        const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + n));
        this.buffer.copy(grown, 0, 0, this.length);
        this.buffer = grown;
        this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    fixed(n: number, set: (view: DataView, offset: number) => void): void {
        this.reserve(n);
        set(this.view, this.length);
        this.length += n;
    }
    u32(value: number): void { this.fixed(4, (v, o) => v.setUint32(o, value, true)); }
    u64(value: number): void { this.fixed(8, (v, o) => v.setBigUint64(o, BigInt(value), true)); }
    bytes(data: Uint8Array): void {
        this.reserve(data.length);
        this.buffer.set(data, this.length);
        this.length += data.length;
    }
    string(s: string): void {
        const data = Buffer.from(s, "utf8");
        this.u64(data.length);
        this.bytes(data);
    }
    zeros(n: number): void {
        this.reserve(n);
        this.buffer.fill(0, this.length, this.length + n);
        this.length += n;
    }
    toBuffer(): Buffer { return this.buffer.subarray(0, this.length); }
}

/**
 * Collects small chunks into large writes (one syscall per ~8 MB) and double-buffers them: a
 * full buffer is written in the background while the caller generates the next one, so
 * generating and writing a large model overlap instead of taking turns.
 */
class BufferedFileWriter {
    private pending = Buffer.alloc(FLUSH_BYTES);
    private spare = Buffer.alloc(FLUSH_BYTES);
    private used = 0;
    private inFlight: Promise<void> = Promise.resolve();
    /** File offset of the next byte handed to write(). */
    position = 0;
    private writePosition = 0;

    constructor(private readonly handle: import("node:fs/promises").FileHandle) {}

    async write(chunk: Uint8Array): Promise<void> {
        let offset = 0;
        while (offset < chunk.length) {
            const n = Math.min(chunk.length - offset, FLUSH_BYTES - this.used);
            this.pending.set(chunk.subarray(offset, offset + n), this.used);
            this.used += n;
            offset += n;
            this.position += n;
            if (this.used === FLUSH_BYTES) await this.startFlush();
        }
    }

    /** Writes everything buffered and waits until it is on its way to disk. */
    async flush(): Promise<void> {
        await this.startFlush();
        await this.inFlight;
    }

    private async startFlush(): Promise<void> {
        await this.inFlight;
        if (this.used === 0) return;
        const data = this.pending.subarray(0, this.used);
        const at = this.writePosition;
        this.writePosition += this.used;
        [this.pending, this.spare] = [this.spare, this.pending];
        this.used = 0;
        this.inFlight = this.writeFully(data, at);
        // Marked handled here; the error still surfaces at the next await of inFlight.
        this.inFlight.catch(() => undefined);
    }

    private async writeFully(data: Uint8Array, at: number): Promise<void> {
        let done = 0;
        while (done < data.length) {
            const { bytesWritten } = await this.handle.write(data, done, data.length - done, at + done);
            done += bytesWritten;
        }
    }
}
