import { open, type FileHandle } from "node:fs/promises";
import { UserError } from "../../util/errors.js";
import { GgufValueType, ggmlTensorBytes, ggmlTypeLayout } from "./ggmlTypes.js";
import { LLAMA_CPP_ARCHITECTURES } from "./llamaCppArchitectures.js";

/** A metadata value as read: scalars, strings, or arrays of them. u64/i64 beyond 2^53 stay bigint. */
export type GgufValue = number | bigint | boolean | string | readonly GgufValue[];

export interface GgufTensorInfo {
    readonly name: string;
    /** ne[0] (contiguous) first. */
    readonly dims: readonly number[];
    /** ggml type number. */
    readonly type: number;
    /** ggml type name ("F16", "Q4_0", ...). */
    readonly typeName: string;
    /** Absolute byte offset of the tensor's data in the file. */
    readonly fileOffset: number;
    readonly byteLength: number;
    readonly elementCount: number;
}

export interface GgufFile {
    readonly path: string;
    readonly fileSize: number;
    readonly version: number;
    readonly metadata: ReadonlyMap<string, GgufValue>;
    readonly tensors: readonly GgufTensorInfo[];
    readonly alignment: number;
    /** Byte offset where tensor data starts. */
    readonly dataOffset: number;
}

export interface ReadGgufOptions {
    /** Reject architectures llama.cpp cannot run (default true). */
    readonly requireRunnableArchitecture?: boolean;
}

const GGML_MAX_DIMS = 4;
const READ_CHUNK = 1 << 20;

/**
 * Reads a GGUF file's header, metadata and tensor infos, streaming from a file handle (tensor
 * data is never read). Validates the magic, the version (2 or 3), the counts, every length
 * against the file size, the tensor types and that all tensor data fits in the file, and (by
 * default) that llama.cpp can run the architecture. Every problem is a UserError naming the file.
 */
export async function readGgufFile(path: string, options: ReadGgufOptions = {}): Promise<GgufFile> {
    let handle: FileHandle;
    try {
        handle = await open(path, "r");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UserError(`${path}: cannot open model file (${code ?? String(error)})`, {
            fix: code === "ENOENT" ? "check the path" : "check the file's permissions",
            cause: error
        });
    }
    try {
        const stats = await handle.stat();
        if (stats.isDirectory()) throw new UserError(`${path}: is a directory, not a GGUF file`);
        const fileSize = stats.size;
        const cursor = new FileCursor(handle, path, fileSize);
        const file = await parse(cursor, path, fileSize);
        if (options.requireRunnableArchitecture ?? true) assertRunnableArchitecture(file);
        return file;
    } finally {
        await handle.close();
    }
}

/** Throws a UserError unless `general.architecture` names an architecture llama.cpp can run. */
export function assertRunnableArchitecture(file: GgufFile): void {
    const architecture = file.metadata.get("general.architecture");
    if (typeof architecture !== "string") {
        throw new UserError(`${file.path}: GGUF file has no general.architecture`, {
            expected: "a string such as \"llama\"", fix: "the file was not written by a llama.cpp-compatible converter"
        });
    }
    if (!LLAMA_CPP_ARCHITECTURES.has(architecture)) {
        throw new UserError(`${file.path}: architecture "${architecture}" is not one llama.cpp can run`, {
            expected: "a llama.cpp architecture such as llama, mistral3, qwen2, gemma",
            fix: "convert the model with llama.cpp's convert_hf_to_gguf.py"
        });
    }
}

async function parse(c: FileCursor, path: string, fileSize: number): Promise<GgufFile> {
    if (fileSize < 4) throw new UserError(`${path}: not a GGUF file (only ${fileSize} bytes)`, { expected: 'the magic "GGUF" at byte 0' });
    const magic = await c.bytes(4, "the magic");
    if (Buffer.from(magic).toString("latin1") !== "GGUF") {
        throw new UserError(`${path}: not a GGUF file (magic ${describeMagic(magic)})`, { expected: 'the magic "GGUF" at byte 0' });
    }
    const version = await c.u32("the version");
    if (version !== 2 && version !== 3) {
        throw new UserError(`${path}: unsupported GGUF version ${version}`, {
            expected: "version 2 or 3", fix: version === 1 ? "re-convert the model with a current llama.cpp" : "the file may be corrupt"
        });
    }
    const tensorCount = await c.count("the tensor count", 8 + 4 + 4 + 8);
    const kvCount = await c.count("the metadata count", 8 + 4);

    const metadata = new Map<string, GgufValue>();
    for (let i = 0; i < kvCount; i++) {
        const key = await c.string(`metadata key ${i + 1} of ${kvCount}`);
        const typeAt = c.position;
        const type = await c.u32(`the type of metadata "${key}"`);
        if (!(type in GgufValueType)) {
            throw new UserError(`${path}: corrupt GGUF file: metadata "${key}" has unknown value type ${type} at byte ${typeAt}`);
        }
        metadata.set(key, await readValue(c, type, key));
    }
    const alignmentValue = metadata.get("general.alignment");
    const alignment = alignmentValue === undefined ? 32 : Number(alignmentValue);
    if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
        throw new UserError(`${path}: corrupt GGUF file: general.alignment ${String(alignmentValue)} is not a power of two`);
    }

    const infos: { name: string; dims: number[]; type: number; offset: number }[] = [];
    for (let i = 0; i < tensorCount; i++) {
        const name = await c.string(`the name of tensor ${i + 1} of ${tensorCount}`);
        const nDims = await c.u32(`the dimension count of tensor "${name}"`);
        if (nDims < 1 || nDims > GGML_MAX_DIMS) {
            throw new UserError(`${path}: corrupt GGUF file: tensor "${name}" has ${nDims} dimensions`, { expected: `1 to ${GGML_MAX_DIMS}` });
        }
        const dims: number[] = [];
        for (let d = 0; d < nDims; d++) dims.push(await c.u64Number(`dimension ${d} of tensor "${name}"`));
        const type = await c.u32(`the type of tensor "${name}"`);
        if (ggmlTypeLayout(type) === undefined) {
            throw new UserError(`${path}: tensor "${name}" has unknown ggml type ${type}`, { fix: "the file needs a newer llama.cpp, or is corrupt" });
        }
        const offset = await c.u64Number(`the data offset of tensor "${name}"`);
        if (offset % alignment !== 0) {
            throw new UserError(`${path}: corrupt GGUF file: tensor "${name}" data offset ${offset} is not aligned to ${alignment}`);
        }
        infos.push({ name, dims, type, offset });
    }
    const dataOffset = Math.ceil(c.position / alignment) * alignment;
    const tensors = infos.map((info): GgufTensorInfo => {
        const elementCount = info.dims.reduce((a, b) => a * b, 1);
        const layout = ggmlTypeLayout(info.type)!;
        if (info.dims[0]! % layout.blockSize !== 0) {
            throw new UserError(`${path}: corrupt GGUF file: tensor "${info.name}" row of ${info.dims[0]} is not a multiple of the ${layout.name} block size ${layout.blockSize}`);
        }
        const byteLength = ggmlTensorBytes(info.type, elementCount)!;
        const fileOffset = dataOffset + info.offset;
        if (fileOffset + byteLength > fileSize) {
            throw new UserError(`${path}: truncated at byte ${fileSize}`, {
                expected: `tensor "${info.name}" to end at byte ${fileOffset + byteLength}`,
                fix: "the download or copy was interrupted; fetch the file again"
            });
        }
        return { name: info.name, dims: info.dims, type: info.type, typeName: layout.name, fileOffset, byteLength, elementCount };
    });
    return { path, fileSize, version, metadata, tensors, alignment, dataOffset };
}

async function readValue(c: FileCursor, type: number, key: string): Promise<GgufValue> {
    if (type === GgufValueType.ARRAY) {
        const itemType = await c.u32(`the item type of array "${key}"`);
        if (itemType === GgufValueType.ARRAY || !(itemType in GgufValueType)) {
            throw new UserError(`${c.path}: corrupt GGUF file: array "${key}" has unsupported item type ${itemType}`);
        }
        const length = await c.count(`the length of array "${key}"`, itemType === GgufValueType.STRING ? 8 : scalarSize(itemType));
        const items: GgufValue[] = new Array<GgufValue>(length);
        for (let i = 0; i < length; i++) items[i] = await readScalar(c, itemType, key);
        return items;
    }
    return readScalar(c, type, key);
}

function scalarSize(type: GgufValueType): number {
    switch (type) {
        case GgufValueType.UINT8: case GgufValueType.INT8: case GgufValueType.BOOL: return 1;
        case GgufValueType.UINT16: case GgufValueType.INT16: return 2;
        case GgufValueType.UINT32: case GgufValueType.INT32: case GgufValueType.FLOAT32: return 4;
        default: return 8;
    }
}

async function readScalar(c: FileCursor, type: GgufValueType, key: string): Promise<GgufValue> {
    if (type === GgufValueType.STRING) return c.string(`a string value of "${key}"`);
    const size = scalarSize(type);
    await c.ensure(size, `a value of "${key}"`);
    const v = c.view;
    const o = c.take(size);
    switch (type) {
        case GgufValueType.UINT8: return v.getUint8(o);
        case GgufValueType.INT8: return v.getInt8(o);
        case GgufValueType.UINT16: return v.getUint16(o, true);
        case GgufValueType.INT16: return v.getInt16(o, true);
        case GgufValueType.UINT32: return v.getUint32(o, true);
        case GgufValueType.INT32: return v.getInt32(o, true);
        case GgufValueType.FLOAT32: return v.getFloat32(o, true);
        case GgufValueType.FLOAT64: return v.getFloat64(o, true);
        case GgufValueType.BOOL: return v.getUint8(o) !== 0;
        case GgufValueType.UINT64: return safeNumber(v.getBigUint64(o, true));
        case GgufValueType.INT64: return safeNumber(v.getBigInt64(o, true));
        default: throw new Error(`unreachable value type ${type}`);
    }
}

function safeNumber(value: bigint): number | bigint {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

function describeMagic(magic: Uint8Array): string {
    const printable = [...magic].every((b) => b >= 0x20 && b < 0x7f);
    const hex = [...magic].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return printable ? `"${Buffer.from(magic).toString("latin1")}" (${hex})` : hex;
}

/** Sequential reader over a file handle with a 1 MB window; reports truncation with the byte offset. */
class FileCursor {
    private buffer = Buffer.alloc(READ_CHUNK);
    view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    /** File offset of buffer[0]. */
    private start = 0;
    private end = 0;
    position = 0;

    constructor(private readonly handle: FileHandle, readonly path: string, private readonly fileSize: number) {}

    /** Makes `n` bytes from `position` available in the buffer (offset position - start). */
    async ensure(n: number, what: string): Promise<void> {
        if (this.position + n <= this.end) return;
        if (this.position + n > this.fileSize) {
            throw new UserError(`${this.path}: truncated at byte ${this.fileSize}`, {
                expected: `${what} at bytes ${this.position}-${this.position + n - 1}`,
                fix: "the download or copy was interrupted; fetch the file again"
            });
        }
        if (n > this.buffer.length) {
            this.buffer = Buffer.alloc(n);
            this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
        }
        const want = Math.min(this.buffer.length, this.fileSize - this.position);
        let got = 0;
        while (got < want) {
            const { bytesRead } = await this.handle.read(this.buffer, got, want - got, this.position + got);
            if (bytesRead === 0) break;
            got += bytesRead;
        }
        this.start = this.position;
        this.end = this.position + got;
        if (this.position + n > this.end) {
            throw new UserError(`${this.path}: truncated at byte ${this.end}`, { expected: `${what} at byte ${this.position}` });
        }
    }

    /** Consumes `n` bytes already ensured; returns their offset in `view`. */
    take(n: number): number {
        const offset = this.position - this.start;
        this.position += n;
        return offset;
    }

    async bytes(n: number, what: string): Promise<Buffer> {
        await this.ensure(n, what);
        const offset = this.take(n);
        return this.buffer.subarray(offset, offset + n);
    }

    async u32(what: string): Promise<number> {
        await this.ensure(4, what);
        return this.view.getUint32(this.take(4), true);
    }

    async u64Number(what: string): Promise<number> {
        await this.ensure(8, what);
        const at = this.position;
        const value = this.view.getBigUint64(this.take(8), true);
        if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
            throw new UserError(`${this.path}: corrupt GGUF file: ${what} is ${value} at byte ${at}`);
        }
        return Number(value);
    }

    /** A u64 count of items that each take at least `minItemBytes`: it must fit in the rest of the file. */
    async count(what: string, minItemBytes: number): Promise<number> {
        const at = this.position;
        const value = await this.u64Number(what);
        if (value * minItemBytes > this.fileSize - this.position) {
            // A plausible count that runs past the end is a cut-off file; an absurd one is corruption.
            if (value > 0xffffffff) throw new UserError(`${this.path}: corrupt GGUF file: ${what} is ${value} at byte ${at}`);
            throw new UserError(`${this.path}: truncated at byte ${this.fileSize}`, {
                expected: `${what} (${value}, at byte ${at}) to need at least ${value * minItemBytes} more bytes`,
                fix: "the download or copy was interrupted; fetch the file again"
            });
        }
        return value;
    }

    async string(what: string): Promise<string> {
        const at = this.position;
        const length = await this.u64Number(`the length of ${what}`);
        if (length > this.fileSize - this.position) {
            throw new UserError(`${this.path}: truncated at byte ${this.fileSize}`, {
                expected: `${what}: a string of ${length} bytes at byte ${at}`
            });
        }
        const data = await this.bytes(length, what);
        return data.toString("utf8");
    }
}
