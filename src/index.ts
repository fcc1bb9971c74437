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
