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
// Evaluation data and prompts: benchmark loaders, the paper's shot selection (numpy-exact),
// exam prompts and answer extraction.
export type { BenchmarkItem } from "./eval/datasets/BenchmarkItem.js";
export { BENCHMARKS, BENCHMARK_NAMES, MMLU_MEDICAL_SUBJECTS, findBenchmark } from "./eval/datasets/benchmarks.js";
export type { BenchmarkName, BenchmarkSpec, BenchmarkFile } from "./eval/datasets/benchmarks.js";
export { listBenchmarks } from "./eval/datasets/listBenchmarks.js";
export type { BenchmarkStatus, BenchmarkFileStatus } from "./eval/datasets/listBenchmarks.js";
export { loadBenchmark } from "./eval/datasets/loadBenchmark.js";
export type { LoadBenchmarkOptions, LoadedBenchmark } from "./eval/datasets/loadBenchmark.js";
export { loadShotPool, parseShotSource } from "./eval/datasets/loadShotPool.js";
export type { ShotSource, ShotPool } from "./eval/datasets/loadShotPool.js";
export { selectShots } from "./eval/shots/selectShots.js";
export type { SelectShotsOptions } from "./eval/shots/selectShots.js";
export { numpyPermutation } from "./eval/shots/numpyPermutation.js";
export { renderExamPrompts } from "./eval/shots/renderExamPrompts.js";
export type { RenderExamPromptsOptions, RenderedExamPrompt } from "./eval/shots/renderExamPrompts.js";
export { buildEvalPrompt, buildEvalPromptParts, examQuestionBlock } from "./prompts/exam/buildEvalPrompt.js";
export type { BuildEvalPromptOptions, ExamPromptFormat } from "./prompts/exam/buildEvalPrompt.js";
export { EXAM_INSTRUCTIONS, ANSWER_CUE } from "./prompts/exam/examInstructions.js";
export { EXAM_PROTOCOLS, EXAM_PROTOCOL_NAMES } from "./prompts/exam/examProtocols.js";
export type { ExamProtocol } from "./prompts/exam/examProtocols.js";
export type { ExamBenchmark, ExamQuestion } from "./prompts/exam/examBenchmarks.js";
export { formatMcq, formatPubmedqa } from "./prompts/exam/formatMcq.js";
export { extractAnswer, paperAnswerType, PAPER_VALID_ANSWERS } from "./eval/extract/extractAnswer.js";
export type { ExtractAnswerOptions, ExtractedAnswer, PaperAnswerType } from "./eval/extract/extractAnswer.js";
export { topTokenLabels, extractCotLabel } from "./eval/extract/topTokenLabels.js";
// Remote OpenAI-compatible backend, model registry, downloads and --model resolution.
export { createOpenAICompatibleModel, connectOpenAICompatibleModel } from "./models/openai-compatible/createOpenAICompatibleModel.js";
export { OpenAICompatibleModel } from "./models/openai-compatible/OpenAICompatibleModel.js";
export type { OpenAICompatibleModelOptions } from "./models/openai-compatible/OpenAICompatibleModel.js";
export { RemoteApiError } from "./models/openai-compatible/RemoteApiError.js";
export { parseSse } from "./models/openai-compatible/parseSse.js";
export type { ServerSentEvent } from "./models/openai-compatible/parseSse.js";
export { modelRegistry, findRegistryModel, suggestRegistryNames } from "./models/registry/modelRegistry.js";
export type { RegistryModel } from "./models/registry/modelRegistry.js";
export { pullModel } from "./models/pull/pullModel.js";
export type { PullOptions, PullProgress, PullResult } from "./models/pull/pullModel.js";
export { resolvePullSource, DEFAULT_HF_BASE_URL } from "./models/pull/resolvePullSource.js";
export type { PullSource } from "./models/pull/resolvePullSource.js";
export { listLocalModels } from "./models/pull/listLocalModels.js";
export type { LocalModel } from "./models/pull/listLocalModels.js";
export { readModelMetadata, metadataPathFor } from "./models/pull/modelMetadata.js";
export type { ModelFileMetadata } from "./models/pull/modelMetadata.js";
export { resolveModelsDir } from "./models/pull/modelsDirectory.js";
export { resolveModel, parseOpenAIModelSpec } from "./models/resolveModel.js";
export type { ResolveModelOptions, OpenAIModelSpec } from "./models/resolveModel.js";
export { createProgressBar, formatBytes, formatDuration } from "./util/progress.js";
export type { ProgressBar, ProgressBarOptions } from "./util/progress.js";
export { atomicWriteFile, commitFile } from "./util/atomicWrite.js";
export type { SafetyDecision } from "./safety/SafetyDecision.js";
export { createSafetyLayer } from "./safety/SafetyLayer.js";
export type { SafetyLayer, SafetyLayerOptions } from "./safety/SafetyLayer.js";
export { createSafetyGate } from "./safety/createSafetyGate.js";
export { finalizeAnswer, removePersonalDoses, unsureNote, MEDICAL_DISCLAIMER as SAFETY_DISCLAIMER, DOSING_HEDGE_INTRO, DOSING_HEDGE_ADVICE } from "./safety/finalizeAnswer.js";
export type { FinalizeOptions, FinalizedAnswer } from "./safety/finalizeAnswer.js";
export { createModelJudge, JUDGE_PROMPT_TEMPLATE } from "./safety/ModelJudge.js";
export type { SafetyJudge, JudgeVerdict } from "./safety/ModelJudge.js";
export { resolveEmergencyContacts } from "./safety/EmergencyContacts.js";
export type { EmergencyContacts, Contact as EmergencyContact } from "./safety/EmergencyContacts.js";
export { runSafetyBenchmark, SAFETY_BENCHMARKS, SAFETY_TARGETS } from "./safety/eval/runSafetyBenchmark.js";
export type { SafetyBenchmarkResult, SafetyBenchmarkName, SafetyMiss, CategoryResult as SafetyCategoryResult, RunSafetyBenchmarkOptions } from "./safety/eval/runSafetyBenchmark.js";
export { formatSafetyReport } from "./safety/eval/formatSafetyReport.js";
export { screenJsonLines } from "./safety/screenJsonLines.js";
export type { BulkDecision, BulkLineError } from "./safety/screenJsonLines.js";
export { HarmClassifier } from "./safety/classifier/HarmClassifier.js";
export type { HarmClassifierWeights } from "./safety/classifier/HarmClassifier.js";
export { safetyDataDirectory } from "./safety/dataDirectory.js";
