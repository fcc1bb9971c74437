import { stat } from "node:fs/promises";
import { UserError } from "../../util/errors.js";
import { GgmlType, GgufValueType } from "./ggmlTypes.js";
import { writeGgufFile, type GgufTensorSource, type GgufTypedValue } from "./GgufWriter.js";
import { encodedByteLength, encodeValues } from "./tensorEncoding.js";
import { deriveSeed, normalStream } from "./seededRandom.js";
import {
    BOS_TOKEN_ID, EOS_TOKEN_ID, MEDITRON_VOCAB_SIZE, PAD_TOKEN_ID, UNK_TOKEN_ID, meditronVocabulary
} from "./meditronVocabulary.js";
import {
    MODEL_PRESETS, PRESET_NAMES, WEIGHT_TYPES, ggmlTypeOf, llamaFileTypeOf,
    type LlamaShape, type PresetName, type WeightType
} from "./modelPresets.js";
import { resolveConstantAnswerToken } from "./resolveConstantAnswerToken.js";

export interface SynthOptions {
    /** Where to write the .gguf file (replaced if it exists). */
    readonly outputPath: string;
    /** Defaults to "tiny". */
    readonly preset?: PresetName;
    /** Seed of the random weights: the same seed (and options) gives the same bytes. Defaults to 1. */
    readonly seed?: number;
    /** Storage type of the weight matrices; defaults to the preset's type. */
    readonly type?: WeightType;
    /**
     * Make the model answer this text whatever the prompt: its token (the last token of
     * tokenize("Answer:" + text), see resolveConstantAnswerToken) gets P > 0.99 after any prompt.
     */
    readonly constantAnswer?: string;
    /** Overrides of the preset's shapes, e.g. a scaled-down quantized model for tests. */
    readonly shape?: Partial<LlamaShape>;
    readonly signal?: AbortSignal;
    /** Called after each written chunk of tensor data. */
    readonly onProgress?: (bytesWritten: number, totalBytes: number) => void;
}

export interface SynthResult {
    readonly path: string;
    readonly preset: PresetName;
    readonly type: WeightType;
    readonly seed: number;
    readonly shape: LlamaShape;
    readonly parameterCount: number;
    readonly tensorCount: number;
    readonly sizeBytes: number;
    readonly seconds: number;
    /** Token id the model always answers, when `constantAnswer` was given. */
    readonly constantAnswerTokenId?: number;
}

/** Values per generated chunk: bounds memory (4 MB of floats) for any tensor size. */
const CHUNK_ELEMENTS = 1 << 20;
/** Constant-answer construction: residual-stream value on dimension 0 and the target's output weight on it. */
const CONSTANT_DIMENSION_VALUE = 8;
const TARGET_OUTPUT_WEIGHT = 10;

/**
 * Writes a synthetic Llama-architecture GGUF with MediTron's tokenizer (Llama-2's 32000
 * SentencePiece pieces plus the 17 added MediTron tokens) and seeded random weights, which
 * node-llama-cpp / llama.cpp loads and runs. Tensors are generated and written chunk by chunk,
 * so even the 7B preset needs only a few MB of memory.
 */
export async function synthesizeModel(options: SynthOptions): Promise<SynthResult> {
    const started = performance.now();
    const presetName = options.preset ?? "tiny";
    const preset = MODEL_PRESETS[presetName];
    if (preset === undefined) {
        throw new UserError(`unknown model preset "${String(presetName)}"`, { expected: `one of ${PRESET_NAMES.join(", ")}` });
    }
    const type = options.type ?? preset.defaultType;
    if (!WEIGHT_TYPES.includes(type)) {
        throw new UserError(`unknown weight type "${String(type)}"`, { expected: `one of ${WEIGHT_TYPES.join(", ")}` });
    }
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new UserError(`invalid seed ${seed}`, { expected: "an integer from 0 to 4294967295" });
    }
    const shape: LlamaShape = { ...preset.shape, ...options.shape };
    validateShape(shape, type);
    const targetToken = options.constantAnswer === undefined ? undefined : await resolveConstantAnswerToken(options.constantAnswer);

    const vocabulary = await meditronVocabulary();
    const metadata = buildMetadata(shape, type, seed, presetName, vocabulary, targetToken);
    const tensors = buildTensors(shape, ggmlTypeOf(type), seed, targetToken);

    const totalBytes = tensors.reduce((sum, t) => sum + t.byteLength, 0);
    let written = 0;
    const sources = tensors.map((t): GgufTensorSource => ({
        ...t,
        produce: async (sink) => {
            await t.produce(async (chunk) => {
                options.signal?.throwIfAborted();
                await sink(chunk);
                written += chunk.length;
                options.onProgress?.(written, totalBytes);
            });
        }
    }));
    await writeGgufFile(options.outputPath, { metadata, tensors: sources });
    const sizeBytes = (await stat(options.outputPath)).size;
    return {
        path: options.outputPath,
        preset: presetName,
        type,
        seed,
        shape,
        parameterCount: tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0),
        tensorCount: tensors.length,
        sizeBytes,
        seconds: (performance.now() - started) / 1000,
        ...(targetToken === undefined ? {} : { constantAnswerTokenId: targetToken })
    };
}

function validateShape(shape: LlamaShape, type: WeightType): void {
    const positive = (n: number): boolean => Number.isInteger(n) && n > 0;
    for (const [key, value] of Object.entries(shape)) {
        if (!positive(value)) throw new UserError(`invalid model shape: ${key} = ${value}`, { expected: "a positive integer" });
    }
    if (shape.embeddingLength % shape.headCount !== 0) {
        throw new UserError(`invalid model shape: embeddingLength ${shape.embeddingLength} is not a multiple of headCount ${shape.headCount}`);
    }
    if (shape.headCount % shape.headCountKv !== 0) {
        throw new UserError(`invalid model shape: headCount ${shape.headCount} is not a multiple of headCountKv ${shape.headCountKv}`);
    }
    if ((type === "q8_0" || type === "q4_0") && (shape.embeddingLength % 32 !== 0 || shape.feedForwardLength % 32 !== 0)) {
        throw new UserError(`${type} needs embeddingLength and feedForwardLength that are multiples of 32`, {
            found: `${shape.embeddingLength} and ${shape.feedForwardLength}`
        });
    }
}

function buildMetadata(
    shape: LlamaShape, type: WeightType, seed: number, preset: PresetName,
    vocabulary: Awaited<ReturnType<typeof meditronVocabulary>>, targetToken: number | undefined
): Map<string, GgufTypedValue> {
    const u32 = (value: number): GgufTypedValue => ({ type: GgufValueType.UINT32, value });
    const f32 = (value: number): GgufTypedValue => ({ type: GgufValueType.FLOAT32, value });
    const str = (value: string): GgufTypedValue => ({ type: GgufValueType.STRING, value });
    const bool = (value: boolean): GgufTypedValue => ({ type: GgufValueType.BOOL, value });
    const m = new Map<string, GgufTypedValue>([
        ["general.architecture", str("llama")],
        ["general.name", str(`MediTron synthetic ${preset} (${type}, seed ${seed}${targetToken === undefined ? "" : `, constant answer ${targetToken}`})`)],
        ["general.file_type", u32(llamaFileTypeOf(type))],
        ["general.quantization_version", u32(2)],
        ["llama.context_length", u32(shape.contextLength)],
        ["llama.embedding_length", u32(shape.embeddingLength)],
        ["llama.block_count", u32(shape.layers)],
        ["llama.feed_forward_length", u32(shape.feedForwardLength)],
        ["llama.attention.head_count", u32(shape.headCount)],
        ["llama.attention.head_count_kv", u32(shape.headCountKv)],
        ["llama.attention.layer_norm_rms_epsilon", f32(1e-5)],
        ["llama.rope.dimension_count", u32(shape.embeddingLength / shape.headCount)],
        ["llama.rope.freq_base", f32(10000)],
        ["llama.vocab_size", u32(MEDITRON_VOCAB_SIZE)],
        ["tokenizer.ggml.model", str("llama")],
        ["tokenizer.ggml.tokens", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: vocabulary.tokens }],
        ["tokenizer.ggml.scores", { type: GgufValueType.ARRAY, itemType: GgufValueType.FLOAT32, value: vocabulary.scores }],
        ["tokenizer.ggml.token_type", { type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: vocabulary.types }],
        ["tokenizer.ggml.bos_token_id", u32(BOS_TOKEN_ID)],
        ["tokenizer.ggml.eos_token_id", u32(EOS_TOKEN_ID)],
        ["tokenizer.ggml.unknown_token_id", u32(UNK_TOKEN_ID)],
        ["tokenizer.ggml.padding_token_id", u32(PAD_TOKEN_ID)],
        ["tokenizer.ggml.add_bos_token", bool(true)],
        ["tokenizer.ggml.add_eos_token", bool(false)],
        ["meditron.synthetic.preset", str(preset)],
        ["meditron.synthetic.seed", u32(seed)]
    ]);
    if (targetToken !== undefined) m.set("meditron.synthetic.constant_answer_token", u32(targetToken));
    return m;
}

interface TensorPlan {
    readonly name: string;
    readonly dims: readonly number[];
    readonly type: GgmlType;
    readonly byteLength: number;
    produce(sink: (chunk: Uint8Array) => Promise<void>): Promise<void>;
}

/**
 * The Llama tensor list (names and ne[0]-first shapes as llama.cpp expects). Weight matrices get
 * N(0, 0.02) values, embeddings N(0, 1), the output projection N(0, 1/sqrt(n_embd)), norms 1.
 *
 * With a constant answer: every token embedding gets a constant value on dimension 0, no layer
 * writes to dimension 0 (row 0 of attn_output and ffn_down is zero), so after the final RMS
 * norm dimension 0 carries a large positive constant for every prompt; only the target row of
 * output.weight reads it, with a large weight, so the target's logit exceeds every other by
 * dozens of nats.
 */
function buildTensors(shape: LlamaShape, matrixType: GgmlType, seed: number, targetToken: number | undefined): TensorPlan[] {
    const nEmbd = shape.embeddingLength;
    const nFf = shape.feedForwardLength;
    const nEmbdKv = (nEmbd / shape.headCount) * shape.headCountKv;
    const nVocab = MEDITRON_VOCAB_SIZE;
    const plans: TensorPlan[] = [];
    type Patch = (values: Float32Array, start: number) => void;
    const matrix = (name: string, dims: [number, number], std: number, patch?: Patch): void => {
        plans.push(randomTensor(name, dims, matrixType, deriveSeed(seed, name), std, patch));
    };
    const norm = (name: string): void => { plans.push(onesTensor(name, nEmbd)); };
    const constant = targetToken !== undefined;
    // Zero output row 0 (the first ne[0] values) so the layer never writes to dimension 0.
    const zeroFirstRow = (rowLength: number): Patch => (values, start) => {
        for (let i = start; i < Math.min(rowLength, start + values.length); i++) values[i - start] = 0;
    };

    matrix("token_embd.weight", [nEmbd, nVocab], 1, constant ? (values, start) => {
        const first = Math.ceil(start / nEmbd) * nEmbd;
        for (let i = first; i < start + values.length; i += nEmbd) values[i - start] = CONSTANT_DIMENSION_VALUE;
    } : undefined);
    for (let layer = 0; layer < shape.layers; layer++) {
        const p = `blk.${layer}.`;
        norm(`${p}attn_norm.weight`);
        matrix(`${p}attn_q.weight`, [nEmbd, nEmbd], 0.02);
        matrix(`${p}attn_k.weight`, [nEmbd, nEmbdKv], 0.02);
        matrix(`${p}attn_v.weight`, [nEmbd, nEmbdKv], 0.02);
        matrix(`${p}attn_output.weight`, [nEmbd, nEmbd], 0.02, constant ? zeroFirstRow(nEmbd) : undefined);
        norm(`${p}ffn_norm.weight`);
        matrix(`${p}ffn_gate.weight`, [nEmbd, nFf], 0.02);
        matrix(`${p}ffn_up.weight`, [nEmbd, nFf], 0.02);
        matrix(`${p}ffn_down.weight`, [nFf, nEmbd], 0.02, constant ? zeroFirstRow(nFf) : undefined);
    }
    norm("output_norm.weight");
    matrix("output.weight", [nEmbd, nVocab], 1 / Math.sqrt(nEmbd), constant ? (values, start) => {
        const first = Math.ceil(start / nEmbd) * nEmbd;
        for (let i = first; i < start + values.length; i += nEmbd) {
            values[i - start] = i / nEmbd === targetToken ? TARGET_OUTPUT_WEIGHT : 0;
        }
    } : undefined);
    return plans;
}

function randomTensor(
    name: string, dims: [number, number], type: GgmlType, tensorSeed: number, std: number,
    patch: ((values: Float32Array, start: number) => void) | undefined
): TensorPlan {
    const count = dims[0] * dims[1];
    return {
        name, dims, type,
        byteLength: encodedByteLength(type, count),
        async produce(sink) {
            const fill = normalStream(tensorSeed);
            const values = new Float32Array(Math.min(CHUNK_ELEMENTS, count));
            const encoded = new Uint8Array(encodedByteLength(type, values.length));
            for (let start = 0; start < count; start += values.length) {
                const chunk = values.subarray(0, Math.min(values.length, count - start));
                fill(chunk, std);
                patch?.(chunk, start);
                await sink(encodeValues(type, chunk, encoded));
            }
        }
    };
}

function onesTensor(name: string, length: number): TensorPlan {
    return {
        name, dims: [length], type: GgmlType.F32,
        byteLength: length * 4,
        async produce(sink) {
            await sink(new Uint8Array(new Float32Array(length).fill(1).buffer));
        }
    };
}
