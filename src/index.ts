/**
 * meditron library API. Everything a TypeScript user needs is exported from here.
 */
export type {
    LanguageModel, ModelInfo, ModelCapabilities, Capability, GenerateOptions, Generation, GeneratedToken,
    NextTokenOptions, NextTokenDistribution, ContinuationScore
} from "./models/LanguageModel.js";
export { UnsupportedCapabilityError, requireCapability } from "./models/LanguageModel.js";
export type { Prompt, PromptPart } from "./models/Prompt.js";
export { text, special, promptParts, promptToString } from "./models/Prompt.js";
export { UserError } from "./util/errors.js";
// GGUF toolchain: synthetic MediTron models, reading model files.
export { synthesizeModel } from "./models/gguf/synthesizeModel.js";
export type { SynthOptions, SynthResult } from "./models/gguf/synthesizeModel.js";
export { MODEL_PRESETS, PRESET_NAMES, WEIGHT_TYPES } from "./models/gguf/modelPresets.js";
export type { ModelPreset, PresetName, WeightType, LlamaShape } from "./models/gguf/modelPresets.js";
export { resolveConstantAnswerToken, CONSTANT_ANSWER_REFERENCE_PROMPT } from "./models/gguf/resolveConstantAnswerToken.js";
export { MEDITRON_ADDED_TOKENS, MEDITRON_VOCAB_SIZE, LlamaTokenType } from "./models/gguf/meditronVocabulary.js";
export { readGgufInfo } from "./models/gguf/readGgufInfo.js";
export { readGgufFile, assertRunnableArchitecture } from "./models/gguf/readGgufFile.js";
export type { GgufFile, GgufTensorInfo, GgufValue, ReadGgufOptions } from "./models/gguf/readGgufFile.js";
export { summarizeGgufModel } from "./models/gguf/summarizeGgufModel.js";
export type { GgufModelSummary, TokenRef } from "./models/gguf/summarizeGgufModel.js";
export { writeGgufFile } from "./models/gguf/GgufWriter.js";
export type { GgufFileSpec, GgufTensorSource, GgufTypedValue } from "./models/gguf/GgufWriter.js";
export { GgufValueType, GgmlType } from "./models/gguf/ggmlTypes.js";
export { quantizeQ8_0, quantizeQ4_0 } from "./models/gguf/quantize.js";
// Local inference through llama.cpp (node-llama-cpp) and MediTron's chat/prompt formats.
export { loadLlamaCppModel, maxSequences, defaultContextCap } from "./models/llama-cpp/loadLlamaCppModel.js";
export type { LlamaCppModelOptions } from "./models/llama-cpp/loadLlamaCppModel.js";
export { LlamaCppModel } from "./models/llama-cpp/LlamaCppModel.js";
export type { PrefixReuseStats } from "./models/llama-cpp/SequencePool.js";
export type { LlamaGpuChoice } from "./models/llama-cpp/llamaRuntime.js";
export { defaultThreads } from "./models/llama-cpp/defaultThreads.js";
export { readGgufMetadata } from "./models/llama-cpp/readGgufMetadata.js";
export type { GgufModelMetadata } from "./models/llama-cpp/readGgufMetadata.js";
export type { PromptFormat, ChatHistory, ChatMessage, ChatRole, RenderedPrompt } from "./prompts/chat/PromptFormat.js";
export { promptFormats, promptFormatNames, getPromptFormat, DEFAULT_PROMPT_FORMAT } from "./prompts/chat/promptFormats.js";
export { meditronOneShot } from "./prompts/chat/meditronOneShot.js";
export { meditronZeroShot } from "./prompts/chat/meditronZeroShot.js";
export { chatmlQa } from "./prompts/chat/chatmlQa.js";
export { rawFormat } from "./prompts/chat/rawFormat.js";
export { MEDITRON_CHAT_STOP } from "./prompts/chat/colonSeparatedFormat.js";
export { MEDITRON_SYSTEM_MESSAGE, FASTCHAT_SYSTEM_MSG_MEDITRON, LISTERIOSIS_EXEMPLAR } from "./prompts/chat/meditronSystemMessages.js";
