/**
 * JSON with object keys sorted at every level, so that two equal settings objects always hash
 * the same whatever order their keys were written in. `undefined` members are dropped, as
 * JSON.stringify does.
 */
export function stableStringify(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === "object") {
        const sorted: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            const member = (value as Record<string, unknown>)[key];
            if (member !== undefined) sorted[key] = sortKeys(member);
        }
        return sorted;
    }
    return value;
}
