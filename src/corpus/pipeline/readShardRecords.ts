import { DISCONTINUITY, readTextChunks, type GzipProblem } from "../io/readTextChunks.js";
import { readLines, readPubmedArticles, type TextRecord } from "../io/readRecords.js";
import type { CorpusSourceConfig } from "../config/CorpusConfig.js";
import type { S2orcMetadata } from "../sources/parseS2orcRecord.js";
import type { WorkItem } from "./workerProtocol.js";

/** An S2ORC record with its metadata row attached (joined on paper_id / corpusid). */
export function withMetadata(rec: TextRecord, file: string, metadata: { get(paperId: string): S2orcMetadata | undefined } | undefined): WorkItem {
    let meta: S2orcMetadata | undefined;
    if (metadata !== undefined) {
        const m = /"(?:paper_id|corpusid)"\s*:\s*"?(\d+)/.exec(rec.text);
        if (m !== null) meta = metadata.get(m[1]!);
    }
    return meta === undefined ? { file, record: rec.record, text: rec.text } : { file, record: rec.record, text: rec.text, metadata: meta };
}

/** Raw records of one input file for a source type. */
export async function* readShardRecords(
    source: CorpusSourceConfig, file: string, onGzip: (p: GzipProblem) => void, strict: boolean, onDeletions: (pmids: string[]) => void
): AsyncGenerator<TextRecord> {
    switch (source.type) {
        case "pubmed-xml":
            yield* readPubmedArticles(file, onGzip, strict, onDeletions);
            return;
        case "pmc-jats": {
            // One article per file: the whole (possibly gzip) file is the record.
            let text = "";
            for await (const chunk of readTextChunks(file, onGzip, strict)) if (chunk !== DISCONTINUITY) text += chunk;
            yield { text, record: 1 };
            return;
        }
        case "guidelines-folder":
            yield { text: "", record: 1 };
            return;
        default:
            yield* readLines(file, onGzip, strict);
    }
}
