/**
 * MediTron's exact-duplicate key (`_hash_for_dedup` in clean.py): the first 500 characters of the text,
 * lower-cased, with every character outside [a-z0-9] removed. Note the order: 500 characters are taken
 * first, then filtered.
 */
export function dedupKey(text: string, chars = 500): string {
    const sample = text.length < chars ? text : text.slice(0, chars);
    return sample.toLowerCase().replace(/[^a-zA-Z0-9]/g, "");
}
