import { normalizeText } from "../text/normalizeText.js";
import type { SemanticClasses } from "./SemanticClasses.js";

/** A sparse, L2-normalised feature vector: hashed bucket indices (sorted, distinct) and their values. */
export interface FeatureVector {
    readonly indices: Int32Array;
    readonly values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(text: string, seed = FNV_OFFSET): number {
    let h = seed;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    return h >>> 0;
}

// Distinct seeds keep a word "kill" and the character 4-gram " kil" from sharing a bucket by design.
const WORD_SEED = fnv1a("w:");
const BIGRAM_SEED = fnv1a("b:");
const CHAR_SEED = fnv1a("c:");
const CLASS_SEED = fnv1a("s:");

/**
 * Words whose WordNet classes are noise for harm: auxiliaries, light verbs and question words are
 * nouns or verbs in WordNet ("can" is a container, "will" a legal document, "way" a road).
 */
const NO_CLASSES = new Set([
    "a", "i", "do", "does", "did", "done", "doing", "can", "could", "will", "would", "may", "might", "must", "shall", "should", "have", "has", "had",
    "be", "is", "am", "are", "was", "were", "been", "being", "get", "gets", "got", "getting", "make", "makes", "made", "go", "going", "want", "wanna",
    "need", "know", "tell", "give", "let", "way", "ways", "thing", "things", "something", "someone", "anyone", "one", "ones", "lot", "please",
    "like", "just", "best", "most", "good", "well", "time", "times", "use", "using", "used", "help", "say", "said", "think", "try", "see", "look",
    "come", "put", "keep", "find", "what", "how", "who", "where", "when", "why", "which"
]);

/**
 * Hashed features of a message: word unigrams, word bigrams and character 3-5-grams (inside the
 * normalised text padded with spaces, so typos and inflections still share most features), each
 * counted once, hashed into 2^hashBits buckets and scaled to unit length. Shared by training and
 * prediction so the two can never drift apart.
 *
 * With `semantic`, each noun and verb also adds its WordNet classes ("garrotted" -> strangle, kill),
 * so wording never seen in training still shares features with wording that was.
 */
export function hashedTextFeatures(text: string, hashBits: number, semantic?: SemanticClasses): FeatureVector {
    const mask = (1 << hashBits) - 1;
    const clean = normalizeText(text).replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim();
    const buckets = new Set<number>();
    const tokens = clean === "" ? [] : clean.split(" ");
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        buckets.add(fnv1a(token, WORD_SEED) & mask);
        if (i + 1 < tokens.length) buckets.add(fnv1a(`${token} ${tokens[i + 1]!}`, BIGRAM_SEED) & mask);
        if (semantic !== undefined && !NO_CLASSES.has(token)) {
            for (const id of semantic.classesOf(token.replace(/'s?$/, ""))) buckets.add(fnv1a(String(id), CLASS_SEED) & mask);
        }
    }
    // Character n-grams hashed incrementally: the state after 3, 4 and 5 characters from each start.
    const padded = ` ${clean} `;
    for (let start = 0; start + 3 <= padded.length; start++) {
        let h = CHAR_SEED;
        for (let length = 1; length <= 5 && start + length <= padded.length; length++) {
            h = Math.imul(h ^ padded.charCodeAt(start + length - 1), FNV_PRIME);
            if (length >= 3) buckets.add((h >>> 0) & mask);
        }
    }
    const indices = Int32Array.from(buckets).sort();
    const values = new Float32Array(indices.length).fill(indices.length === 0 ? 0 : 1 / Math.sqrt(indices.length));
    return { indices, values };
}
