import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import type { DedupConfig } from "../config/CorpusConfig.js";
import { DedupState } from "./DedupState.js";
import type { DedupStore } from "./DedupStore.js";
import { SqliteDedupStore } from "./SqliteDedupStore.js";

/** The SQLite file of the disk store, in the build's work folder. */
export const DEDUP_DB_NAME = "dedup.sqlite";

export function journalPath(workDir: string, shard: number): string {
    return path.join(workDir, `dedup-${String(shard).padStart(6, "0")}.bin`);
}

/** The in-memory state, made durable by saving each shard's additions as a journal file (replayed on resume). */
class JournaledMemoryStore extends DedupState implements DedupStore {
    constructor(private readonly workDir: string, bands: number, permutations: number, threshold: number, nearEnabled: boolean) {
        super(bands, permutations, threshold, nearEnabled);
    }

    async completeShard(shardIndex: number): Promise<void> {
        await writeFile(journalPath(this.workDir, shardIndex), this.takeJournal());
    }

    close(): void {}
}

/**
 * Opens the dedup state of a build in `workDir` whose checkpoint says `completedShards` shards are done,
 * restored to exactly the state after those shards: `dedup.store: disk` (default) keeps it in SQLite with a
 * `dedup.memoryMB` page cache; `memory` keeps it in hash tables and replays the per-shard journals.
 */
export function openDedupStore(dedup: DedupConfig, workDir: string, completedShards: number): DedupStore {
    const nd = dedup.nearDuplicates;
    const permutations = nd.bands * nd.rowsPerBand;
    const loadJournal = (shard: number): Buffer | undefined => (existsSync(journalPath(workDir, shard)) ? readFileSync(journalPath(workDir, shard)) : undefined);
    if (dedup.store === "disk") {
        return SqliteDedupStore.open(path.join(workDir, DEDUP_DB_NAME), { bands: nd.bands, permutations, threshold: nd.threshold, nearEnabled: nd.enabled, memoryMB: dedup.memoryMB }, completedShards, loadJournal);
    }
    const store = new JournaledMemoryStore(workDir, nd.bands, permutations, nd.threshold, nd.enabled);
    for (let s = 0; s < completedShards; s++) {
        const journal = loadJournal(s);
        if (journal === undefined) {
            throw new UserError(`the dedup journal ${journalPath(workDir, s)} of a checkpointed shard is missing`, {
                expected: `one journal per completed shard (dedup.store: memory)`,
                found: existsSync(path.join(workDir, DEDUP_DB_NAME)) ? `no journal, but ${DEDUP_DB_NAME}: the build was started with dedup.store: disk` : "no journal",
                fix: "resume with the dedup.store the build was started with, or pass --fresh to start over"
            });
        }
        store.replayJournal(journal);
    }
    return store;
}
