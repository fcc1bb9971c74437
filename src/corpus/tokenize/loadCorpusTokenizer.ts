import { loadLlamaTokenizer } from "../../models/llama-cpp/loadTokenizer.js";
import type { TextTokenizer } from "./tokenizeDocument.js";
import { verifyMeditronVocabulary } from "./verifyMeditronVocabulary.js";
import { WordCachedTokenizer, type WordCacheOptions, type WordCacheStats } from "./WordCachedTokenizer.js";
import { checkWordSplitModel } from "./wordSplitVocabulary.js";

/** "word-cache": exact ids through the per-word cache; "whole-span": every span through llama.cpp (the reference). */
export type CorpusTokenizerMode = "word-cache" | "whole-span";

export interface CorpusTokenizer extends TextTokenizer {
    readonly mode: CorpusTokenizerMode;
    /** Why the word cache is off (mode "whole-span"). */
    readonly fallbackReason?: string;
    /** Cache counters (mode "word-cache"). */
    readonly cacheStats?: WordCacheStats;
    dispose(): Promise<void>;
}

/**
 * Strings whose word-by-word ids are compared with llama.cpp's whole-span ids at load: a last guard, after
 * the vocabulary check, against a llama.cpp whose SPM tokenizer no longer works word by word.
 */
const SELF_TEST = [
    "The patient's  BMI was 31.2 kg/m² \n\n# Results\n- naïve café 中文 🙂 ",
    "  leading spaces,\ttabs\tand trailing  ",
    " x", "y ", " ", "a▁b ▁c▁ d\r\n e", "𠀀𝒳 \u0000 end"
];

/**
 * MediTron's tokenizer for the corpus builder: llama.cpp's vocabulary-only tokenizer, checked to be MediTron's,
 * wrapped in the word cache when the vocabulary allows exact word-by-word tokenization (else whole spans, with
 * the reason in `fallbackReason`). `wordCache: false` forces the whole-span path.
 */
export async function loadCorpusTokenizer(modelPath: string, options: WordCacheOptions & { readonly wordCache?: boolean } = {}): Promise<CorpusTokenizer> {
    const llama = await loadLlamaTokenizer(modelPath);
    try {
        verifyMeditronVocabulary(llama, modelPath);
    } catch (error) {
        await llama.dispose();
        throw error;
    }
    const wholeSpan = (fallbackReason?: string): CorpusTokenizer => ({
        mode: "whole-span",
        ...(fallbackReason === undefined ? {} : { fallbackReason }),
        tokenize: (text, specialTokens) => llama.tokenize(text, specialTokens),
        dispose: () => llama.dispose()
    });
    if (options.wordCache === false) return wholeSpan();
    const check = await checkWordSplitModel(modelPath);
    if (!check.ok) return wholeSpan(check.reason);
    const cached = new WordCachedTokenizer(llama, check.vocabulary, options);
    for (const probe of SELF_TEST) {
        const expected = llama.tokenize(probe, false).join(",");
        // Twice: the second pass reads the words from the cache.
        for (let pass = 0; pass < 2; pass++) {
            if (cached.tokenize(probe, false).join(",") !== expected) return wholeSpan(`word-by-word ids differ from llama.cpp's on ${JSON.stringify(probe)}`);
        }
    }
    return {
        mode: "word-cache",
        cacheStats: cached.stats,
        tokenize: (text, specialTokens) => cached.tokenize(text, specialTokens),
        dispose: () => llama.dispose()
    };
}
