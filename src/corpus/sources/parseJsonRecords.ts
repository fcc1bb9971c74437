import type { RawDocument } from "../types.js";

/**
 * A guidelines record in the released `epfl-llm/guidelines` schema
 * (`id, source, title, clean_text, raw_text, url, overview`). `clean_text` is MediTron's cleaned text (used
 * as is); any other field (`raw_text`, or `text` from a scraper) goes through the source's cleaning recipe.
 */
export function parseGuidelineRecord(record: Record<string, unknown>, textField: string, fallbackId: string): RawDocument {
    const text = record[textField];
    if (typeof text !== "string") throw new Error(`field "${textField}" is missing or not a string`);
    const title = typeof record.title === "string" ? record.title : typeof record.name === "string" ? record.name : "";
    const id = typeof record.id === "string" && record.id !== "" ? `guideline:${record.id}` : fallbackId;
    return { id, title, text, preCleaned: textField === "clean_text" };
}

/** A replay record (RedPajama / RefinedWeb / C4 / Dolma style) with the text in `textField`. */
export function parseReplayRecord(record: Record<string, unknown>, textField: string, fallbackId: string): RawDocument {
    const text = record[textField] ?? (textField === "text" ? record.content : undefined);
    if (typeof text !== "string") throw new Error(`field "${textField}" is missing or not a string`);
    return { id: fallbackId, title: "", text };
}
