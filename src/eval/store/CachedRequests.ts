import type {
    ContinuationScore, GenerateOptions, Generation, LanguageModel, NextTokenDistribution, NextTokenOptions
} from "../../models/LanguageModel.js";
import type { Prompt } from "../../models/Prompt.js";
import type { ResponseCache } from "./ResponseCache.js";
import { requestKey, type ModelIdentity, type RequestKind } from "./requestKey.js";

/** How many requests were answered from the cache and how many went to the model. */
export interface RequestCounts {
    cached: number;
    new: number;
}

/**
 * The model as the harness sees it: every request goes through the response cache first.
 * Identical requests in flight at the same time share one model call, so a rerun or a
 * duplicated prompt never costs a second call. Aborted requests are not cached (they are
 * incomplete) and are asked again next time.
 */
export class CachedRequests {
    readonly counts: RequestCounts = { cached: 0, new: 0 };
    private readonly inFlight = new Map<string, Promise<unknown>>();

    constructor(
        readonly model: LanguageModel,
        readonly identity: ModelIdentity,
        private readonly cache: ResponseCache
    ) {}

    /** Next-token distribution; the cached form keeps `top` as the backend returned it. */
    nextTokenDistribution(prompt: Prompt, options: Omit<NextTokenOptions, "signal">, signal?: AbortSignal): Promise<NextTokenDistribution> {
        return this.cached("nextTokenDistribution", prompt, options, () => this.model.nextTokenDistribution(prompt, { ...options, signal }));
    }

    /** A generation; `settings` must not hold callbacks or a signal (they are not part of the key). */
    generate(prompt: Prompt, settings: Omit<GenerateOptions, "signal" | "onText">, signal?: AbortSignal): Promise<Generation> {
        return this.cached(
            "generate",
            prompt,
            settings,
            () => this.model.generate(prompt, { ...settings, signal }),
            (generation) => generation.finishReason !== "abort"
        );
    }

    scoreContinuations(prompt: Prompt, continuations: readonly string[], signal?: AbortSignal): Promise<ContinuationScore[]> {
        return this.cached("scoreContinuations", prompt, { continuations }, () => this.model.scoreContinuations(prompt, continuations, { signal }));
    }

    private async cached<T>(kind: RequestKind, prompt: Prompt, settings: object, call: () => Promise<T>, complete: (value: T) => boolean = () => true): Promise<T> {
        const key = requestKey(this.identity, kind, prompt, settings);
        const hit = this.cache.get<T>(key);
        if (hit !== undefined) {
            this.counts.cached += 1;
            return hit;
        }
        const pending = this.inFlight.get(key);
        if (pending !== undefined) {
            this.counts.cached += 1;
            return pending as Promise<T>;
        }
        const promise = (async () => {
            const value = await call();
            this.counts.new += 1;
            // Written now, not at the end of the run: this is what makes a crash lose nothing.
            if (complete(value)) this.cache.put(key, kind, value);
            return value;
        })();
        this.inFlight.set(key, promise);
        try {
            return await promise;
        } finally {
            this.inFlight.delete(key);
        }
    }
}
