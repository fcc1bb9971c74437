import { DISCONTINUITY, readTextChunks, type GzipProblem } from "./readTextChunks.js";

export interface TextRecord {
    readonly text: string;
    /** 1-based record number in the file (line for JSONL, article for XML). */
    readonly record: number;
}

/** Lines of a (possibly gzip) text file; empty lines are skipped but counted. */
export async function* readLines(file: string, onGzipProblem: (p: GzipProblem) => void, strict: boolean): AsyncGenerator<TextRecord> {
    let buffer = "";
    let line = 0;
    for await (const chunk of readTextChunks(file, onGzipProblem, strict)) {
        if (chunk === DISCONTINUITY) {
            // The partial line before a corrupt member cannot be trusted.
            if (buffer !== "") line++;
            buffer = "";
            continue;
        }
        buffer += chunk;
        let nl = buffer.indexOf("\n");
        let from = 0;
        while (nl >= 0) {
            line++;
            const text = buffer.slice(from, nl);
            if (text.trim() !== "") yield { text, record: line };
            from = nl + 1;
            nl = buffer.indexOf("\n", from);
        }
        buffer = buffer.slice(from);
    }
    if (buffer.trim() !== "") yield { text: buffer, record: line + 1 };
}

/**
 * `<PubmedArticle>` elements of a PubMed baseline/update file, streamed. `<DeleteCitation>` PMIDs are
 * passed to `onDeletions`.
 */
export async function* readPubmedArticles(
    file: string, onGzipProblem: (p: GzipProblem) => void, strict: boolean, onDeletions: (pmids: string[]) => void
): AsyncGenerator<TextRecord> {
    let buffer = "";
    let record = 0;
    const OPEN = "<PubmedArticle>";
    const OPEN_ATTR = "<PubmedArticle ";
    const CLOSE = "</PubmedArticle>";
    for await (const chunk of readTextChunks(file, onGzipProblem, strict)) {
        if (chunk === DISCONTINUITY) {
            if (buffer.includes(OPEN) || buffer.includes(OPEN_ATTR)) record++;
            buffer = "";
            continue;
        }
        buffer += chunk;
        for (;;) {
            const a = buffer.indexOf(OPEN);
            const b = buffer.indexOf(OPEN_ATTR);
            const start = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            const del = buffer.indexOf("<DeleteCitation>");
            if (del >= 0 && (start < 0 || del < start)) {
                const end = buffer.indexOf("</DeleteCitation>", del);
                if (end < 0) break;
                onDeletions([...buffer.slice(del, end).matchAll(/<PMID[^>]*>(\d+)<\/PMID>/g)].map((m) => m[1]!));
                buffer = buffer.slice(end + "</DeleteCitation>".length);
                continue;
            }
            if (start < 0) {
                // Keep a tail that may hold the start of a split tag.
                buffer = buffer.slice(Math.max(0, buffer.length - 32));
                break;
            }
            const end = buffer.indexOf(CLOSE, start);
            if (end < 0) {
                buffer = buffer.slice(start);
                break;
            }
            record++;
            yield { text: buffer.slice(start, end + CLOSE.length), record };
            buffer = buffer.slice(end + CLOSE.length);
        }
    }
}
