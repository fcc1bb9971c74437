import { promptToString, type Prompt } from "../../models/Prompt.js";
import { sha256 } from "../../util/sha256.js";
import { stableStringify } from "./stableStringify.js";

/** The model calls the harness makes; each is cached separately. */
export type RequestKind = "generate" | "nextTokenDistribution" | "scoreContinuations";

/**
 * Who answered: enough to tell two models apart, and nothing that changes between runs of the
 * same model (a local file is named by its content hash, not its path).
 */
export interface ModelIdentity {
    readonly backend: string;
    readonly name: string;
    /** Content hash of a local model file; absent for remote models. */
    readonly sha256?: string;
    /** Base URL of a remote model (its name alone is not unique across servers). */
    readonly source?: string;
}

/**
 * The cache key of one model request: sha256 over the model identity, the prompt (text and
 * special-token parts kept apart, since they tokenize differently), the decoding settings and
 * the request kind. Settings are serialised with sorted keys, so key order never matters.
 */
export function requestKey(model: ModelIdentity, kind: RequestKind, prompt: Prompt, settings: object): string {
    return sha256(stableStringify({ model: identityFields(model), kind, prompt, settings }));
}

/** sha256 of the prompt as text (special tokens written literally), recorded per item. */
export function promptSha256(prompt: Prompt): string {
    return sha256(promptToString(prompt));
}

function identityFields(model: ModelIdentity): ModelIdentity {
    // A local model is its content; its path may move. A remote one is its server and name.
    return model.sha256 !== undefined
        ? { backend: model.backend, name: "", sha256: model.sha256 }
        : { backend: model.backend, name: model.name, source: model.source ?? "" };
}
