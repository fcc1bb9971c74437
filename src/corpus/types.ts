/** The four kinds of data in GAP-Replay; they decide processing order, default split and cleaning. */
export type SourceKind = "guidelines" | "papers" | "abstracts" | "replay";

/** A bad input that was skipped (or stopped the build under --strict). */
export interface BadInput {
    readonly kind: "gzip" | "json" | "xml" | "pdf" | "record";
    readonly file: string;
    readonly position: string;
    readonly message: string;
}

/** Why a document was removed; keys of the per-filter counters in the stats report. */
export type RemovalReason =
    | "emptyAfterCleaning" | "rejectedBySourceRules" | "notEnglish" | "tooShort" | "tooLong"
    | "exactDuplicate" | "abstractHasFullText" | "duplicateId" | "nearDuplicate" | "replayNotSampled" | "downsampled";

export const REMOVAL_REASONS: readonly RemovalReason[] = [
    "emptyAfterCleaning", "rejectedBySourceRules", "notEnglish", "tooShort", "tooLong",
    "exactDuplicate", "abstractHasFullText", "duplicateId", "nearDuplicate", "replayNotSampled", "downsampled"
];

/** A parsed document before cleaning. */
export interface RawDocument {
    readonly id: string;
    readonly title: string;
    readonly text: string;
    /** PubMed id / PMC id when the source has them (for abstract-vs-full-text dedup). */
    readonly pmid?: string;
    readonly pmcid?: string;
    /** Text was already cleaned upstream (epfl-llm/guidelines `clean_text`): skip the source recipe. */
    readonly preCleaned?: boolean;
}
