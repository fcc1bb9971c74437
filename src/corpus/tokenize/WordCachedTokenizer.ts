import type { TextTokenizer } from "./tokenizeDocument.js";
import type { WordSplitVocabulary } from "./wordSplitVocabulary.js";

export interface WordCacheOptions {
    /** Entries per cache generation; two generations are kept, so at most twice this many words. */
    readonly maxEntries?: number;
    /** Longer words are tokenized but not cached (URLs, sequences, base64: rarely repeated). */
    readonly maxWordChars?: number;
}

export interface WordCacheStats {
    /** Words found in the cache. */
    hits: number;
    /** Words tokenized by llama.cpp. */
    misses: number;
    /** llama.cpp calls made for plain text (one per span with misses, plus rare single-word calls). */
    llamaCalls: number;
    /** Batched calls whose tokens did not line up with the word boundaries (each word then retokenized alone). */
    realignments: number;
}

type CachedIds = number | readonly number[];

const SPACE = 0x20;
const SPACE_PIECE = 0x2581;
/** Bytes "▁" (U+2581) takes in UTF-8, which is what llama.cpp turns every space into. */
const SPACE_PIECE_BYTES = 3;

const isSpace = (c: number): boolean => c === SPACE || c === SPACE_PIECE;

/**
 * Exact llama.cpp SPM tokenization of plain text, one word at a time through a cache. llama.cpp turns spaces
 * into "▁" and prepends one "▁"; a word is then a run of "▁" plus the non-"▁" characters up to the next
 * "▁" that follows a non-"▁" character. For vocabularies that passed checkWordSplitVocabulary no merge crosses
 * such a boundary, so the span's ids are the concatenation of its words' ids, and a word "▁rest" has the ids
 * llama.cpp gives `rest` alone (it adds the "▁" itself). Words not in the cache are tokenized together in one
 * llama.cpp call (joined by single spaces, which is again a sequence of the same words) and the ids are cut
 * back into words by the byte length of each token's text.
 */
export class WordCachedTokenizer implements TextTokenizer {
    readonly stats: WordCacheStats = { hits: 0, misses: 0, llamaCalls: 0, realignments: 0 };
    // A word's ids: a number for the common one-token word, else an array (saves an array per entry).
    private current = new Map<string, CachedIds>();
    private previous = new Map<string, CachedIds>();
    private readonly maxEntries: number;
    private readonly maxWordChars: number;

    constructor(
        private readonly inner: TextTokenizer,
        private readonly vocabulary: WordSplitVocabulary,
        options: WordCacheOptions = {}
    ) {
        this.maxEntries = options.maxEntries ?? 100_000;
        this.maxWordChars = options.maxWordChars ?? 48;
    }

    /** Words currently cached (both generations; a word promoted from the old one counts twice until rotation). */
    get cachedWords(): number {
        return this.current.size + this.previous.size;
    }

    tokenize(text: string, specialTokens: boolean): number[] {
        if (specialTokens || text.length === 0) return this.inner.tokenize(text, specialTokens);
        const out: number[] = [];
        // Words not in the cache: their keys, and where their ids go in `out`.
        let missKeys: string[] | undefined;
        let missAt: number[] | undefined;
        // A word's key is the text llama.cpp must tokenize to get its ids: the first word as is, the others
        // without their first space (llama.cpp's dummy prefix puts it back).
        let keyStart = 0;
        let prevSpace = isSpace(text.charCodeAt(0));
        const n = text.length;
        let words = 0;
        for (let i = 1; i <= n; i++) {
            const space = i < n && isSpace(text.charCodeAt(i));
            if (i === n || (space && !prevSpace)) {
                const key = text.slice(keyStart, i);
                words++;
                const ids = this.lookup(key);
                if (ids === undefined) {
                    (missKeys ??= []).push(key);
                    (missAt ??= []).push(out.length);
                } else if (typeof ids === "number") out.push(ids);
                else for (let j = 0; j < ids.length; j++) out.push(ids[j]!);
                keyStart = i + 1;
            }
            prevSpace = space;
        }
        const misses = missKeys?.length ?? 0;
        this.stats.hits += words - misses;
        this.stats.misses += misses;
        if (missKeys === undefined) return out;
        // Splice the missing words' ids in at their places.
        const resolved = this.resolve(missKeys);
        const merged: number[] = [];
        let from = 0;
        for (let m = 0; m < resolved.length; m++) {
            const at = missAt![m]!;
            for (; from < at; from++) merged.push(out[from]!);
            const ids = resolved[m]!;
            if (typeof ids === "number") merged.push(ids);
            else for (let j = 0; j < ids.length; j++) merged.push(ids[j]!);
        }
        for (; from < out.length; from++) merged.push(out[from]!);
        return merged;
    }

    private lookup(key: string): CachedIds | undefined {
        const ids = this.current.get(key);
        if (ids !== undefined) return ids;
        const old = this.previous.get(key);
        if (old !== undefined) this.remember(ownCopy(key), old);
        return old;
    }

    private remember(key: string, ids: CachedIds): void {
        if (key.length > this.maxWordChars) return;
        if (this.current.size >= this.maxEntries) {
            // Two generations approximate LRU without per-hit bookkeeping: words used since the last rotation survive it.
            this.previous = this.current;
            this.current = new Map();
        }
        this.current.set(key, ids);
    }

    /** Caches a freshly tokenized word. */
    private rememberNew(key: string, ids: readonly number[]): CachedIds {
        const value: CachedIds = ids.length === 1 ? ids[0]! : ids.slice();
        if (key.length <= this.maxWordChars) this.remember(ownCopy(key), value);
        return value;
    }

    /** Ids of the missing words, in order: one llama.cpp call for all words that end in a non-space character. */
    private resolve(keys: readonly string[]): CachedIds[] {
        const resolved: CachedIds[] = new Array(keys.length);
        const batch: number[] = [];
        for (let w = 0; w < keys.length; w++) {
            const key = keys[w]!;
            if (key.length === 0) {
                // A span's trailing lone space: "▁" alone (llama.cpp tokenizes "" to nothing).
                resolved[w] = this.vocabulary.spaceTokenId;
            } else if (isSpace(key.charCodeAt(key.length - 1))) {
                // Only a span's last word can end in a space; joined to a following word it would not stay one word.
                resolved[w] = this.tokenizeWord(key);
            } else batch.push(w);
        }
        if (batch.length === 1) {
            resolved[batch[0]!] = this.tokenizeWord(keys[batch[0]!]!);
        } else if (batch.length > 1) {
            const batchKeys = batch.map((w) => keys[w]!);
            this.stats.llamaCalls++;
            const cut = this.cutIntoWords(batchKeys, this.inner.tokenize(batchKeys.join(" "), false));
            if (cut === undefined) this.stats.realignments++;
            for (let b = 0; b < batch.length; b++) resolved[batch[b]!] = cut === undefined ? this.tokenizeWord(batchKeys[b]!) : this.rememberNew(batchKeys[b]!, cut[b]!);
        }
        return resolved;
    }

    private tokenizeWord(key: string): CachedIds {
        this.stats.llamaCalls++;
        return this.rememberNew(key, this.inner.tokenize(key, false));
    }

    /**
     * Splits the ids of "▁k0▁k1..." into the ids of each "▁k": word b owns the tokens whose text bytes add up
     * to its escaped length. Returns undefined when a token straddles a boundary (impossible for a checked
     * vocabulary; the caller then tokenizes word by word, which stays exact).
     */
    private cutIntoWords(keys: readonly string[], ids: readonly number[]): number[][] | undefined {
        const bytesOf = this.vocabulary.tokenBytes;
        const words: number[][] = [];
        let t = 0;
        for (const key of keys) {
            let need = SPACE_PIECE_BYTES + escapedBytes(key);
            const word: number[] = [];
            while (need > 0 && t < ids.length) {
                const id = ids[t++]!;
                word.push(id);
                need -= bytesOf[id] ?? 0;
            }
            if (need !== 0) return undefined;
            words.push(word);
        }
        return t === ids.length ? words : undefined;
    }
}

/**
 * A copy of `s` that does not point into the string it was sliced from: V8 slices of 13+ characters keep
 * their parent alive, so a cached key would otherwise keep its whole document in memory.
 */
function ownCopy(s: string): string {
    return ` ${s}`.slice(1);
}

/** UTF-8 length of `s` after llama.cpp's space escaping (" " -> "▁", 1 -> 3 bytes). */
function escapedBytes(s: string): number {
    let spaces = 0;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === SPACE) spaces++;
    return Buffer.byteLength(s) + spaces * (SPACE_PIECE_BYTES - 1);
}
