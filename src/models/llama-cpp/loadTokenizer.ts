import { getLlama, LlamaLogLevel } from "node-llama-cpp";

/** A vocabulary-only llama.cpp tokenizer: no weights loaded, safe to create one per worker thread. */
export interface LlamaTokenizerHandle {
    /** Token ids of `text`; with `specialTokens` false, special-token strings are tokenized as plain text. No BOS is added. */
    tokenize(text: string, specialTokens: boolean): number[];
    /** Vocabulary size reported by the GGUF. */
    readonly vocabularySize: number;
    dispose(): Promise<void>;
}

/**
 * Loads only the vocabulary of a GGUF model (`vocabOnly`) on the CPU with one thread. Used by the corpus
 * builder's tokenizer workers, which need llama.cpp's exact SentencePiece tokenization but no inference.
 * `build: "never"` keeps node-llama-cpp from trying to compile llama.cpp when no prebuilt binary fits.
 */
export async function loadLlamaTokenizer(modelPath: string): Promise<LlamaTokenizerHandle> {
    const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath, vocabOnly: true });
    const vocabularySize = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0;
    return {
        vocabularySize,
        tokenize(text: string, specialTokens: boolean): number[] {
            return model.tokenize(text, specialTokens) as number[];
        },
        async dispose(): Promise<void> {
            await model.dispose();
        }
    };
}
