import { franc } from "franc-min";

/**
 * MediTron's English filter (`langdetect.detect(text[:n]) == 'en'`) with the maintained `franc-min`
 * (trigram language identification, 82 languages). `sampleChars` is 10,000 for guidelines and 2,000 for
 * papers and abstracts in MediTron. A sample too short to identify ("und") is kept: the length filter
 * decides about tiny documents.
 */
export function isEnglish(text: string, sampleChars: number): boolean {
    const sample = text.length <= sampleChars ? text : text.slice(0, sampleChars);
    const lang = franc(sample, { minLength: 20 });
    return lang === "eng" || lang === "und";
}

/** langdetect sample sizes MediTron used per kind. */
export const LANGUAGE_SAMPLE_CHARS = { guidelines: 10_000, papers: 2_000, abstracts: 2_000, replay: 2_000 } as const;
