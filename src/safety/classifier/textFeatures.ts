import { normalizeText } from "../text/normalizeText.js";

/**
 * Word unigram, crude-stem and bigram features of a message (after the same normalisation as the rules),
 * each counted once. Shared by training and prediction so the two can never drift apart.
 */
export function textFeatures(text: string): string[] {
    const tokens = normalizeText(text).match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
    const features = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] ?? "";
        features.add(`w:${token}`);
        // A crude stem lets "stabbing", "stabbed" and "stab" share evidence.
        const stem = token.replace(/(?:ing|ed|es|s)$/, "");
        if (stem.length >= 3 && stem !== token) features.add(`s:${stem}`);
        if (i + 1 < tokens.length) features.add(`b:${tokens[i]} ${tokens[i + 1]}`);
    }
    return [...features];
}
