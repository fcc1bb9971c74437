import { readFile } from "node:fs/promises";

/** The `<file>.meta.json` sidecar written next to every pulled model file. */
export interface ModelFileMetadata {
    /** What the user asked for: registry name, `hf:` spec or URL. */
    readonly spec: string;
    /** The URL the bytes came from. */
    readonly url: string;
    readonly fileName: string;
    readonly sha256: string;
    readonly sizeBytes: number;
    /** ISO 8601 time the download completed. */
    readonly downloadedAt: string;
    readonly registryName?: string;
}

export function metadataPathFor(modelPath: string): string {
    return `${modelPath}.meta.json`;
}

/** The sidecar of a model file, or undefined when it is missing or unreadable. */
export async function readModelMetadata(modelPath: string): Promise<ModelFileMetadata | undefined> {
    try {
        const parsed = JSON.parse(await readFile(metadataPathFor(modelPath), "utf8")) as ModelFileMetadata;
        return typeof parsed.url === "string" && typeof parsed.sha256 === "string" ? parsed : undefined;
    } catch {
        return undefined;
    }
}
