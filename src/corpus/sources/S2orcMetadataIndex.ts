import { existsSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { readLines } from "../io/readRecords.js";
import { s2orcMetadataFromRow, type S2orcMetadata } from "./parseS2orcRecord.js";

/** Looks up the metadata row (title, PubMed id, PMC id) of an S2ORC paper by its paper_id / corpusid. */
export interface S2orcMetadataLookup {
    get(paperId: string): S2orcMetadata | undefined;
    close(): void;
}

/** SQLite page cache for the index: lookups are by key, so a small cache is enough. */
const CACHE_KIB = 16 * 1024;
const ROWS_PER_TRANSACTION = 20_000;

/**
 * The S2ORC metadata join on disk. S2ORC ships one metadata row per paper (millions for MediTron's
 * PubMed subset, more than a gigabyte as a JavaScript Map), so the rows are loaded once into a SQLite
 * table in the build's work folder and looked up per paper: memory stays at the page cache whatever
 * the number of papers. The index is rebuilt when the metadata files change (names, sizes, times);
 * a later row with the same paper id replaces an earlier one, as a Map would.
 */
export async function openS2orcMetadataIndex(files: readonly string[], dbFile: string): Promise<S2orcMetadataLookup> {
    const fingerprint = JSON.stringify(files.map((f) => { const s = statSync(f); return [f, s.size, s.mtimeMs]; }));
    let db = openDb(dbFile);
    const done = db.prepare("SELECT v FROM info WHERE k = 'fingerprint'").get() as { v: string } | undefined;
    if (done?.v !== fingerprint) {
        db.close();
        for (const suffix of ["", "-wal", "-shm", "-journal"]) if (existsSync(dbFile + suffix)) rmSync(dbFile + suffix);
        db = openDb(dbFile);
        await fill(db, files);
        db.prepare("INSERT OR REPLACE INTO info (k, v) VALUES ('fingerprint', ?)").run(fingerprint);
    }
    const select = db.prepare("SELECT title, pmid, pmcid FROM meta WHERE paper_id = ?");
    return {
        get(paperId) {
            const row = select.get(paperId) as { title: string | null; pmid: string | null; pmcid: string | null } | undefined;
            if (row === undefined) return undefined;
            return { ...(row.title === null ? {} : { title: row.title }), ...(row.pmid === null ? {} : { pmid: row.pmid }), ...(row.pmcid === null ? {} : { pmcid: row.pmcid }) };
        },
        close: () => db.close()
    };
}

function openDb(file: string): Database.Database {
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.exec("CREATE TABLE IF NOT EXISTS meta (paper_id TEXT PRIMARY KEY, title TEXT, pmid TEXT, pmcid TEXT) WITHOUT ROWID; CREATE TABLE IF NOT EXISTS info (k TEXT PRIMARY KEY, v TEXT)");
    return db;
}

async function fill(db: Database.Database, files: readonly string[]): Promise<void> {
    const insert = db.prepare("INSERT OR REPLACE INTO meta (paper_id, title, pmid, pmcid) VALUES (?, ?, ?, ?)");
    let batch: [string, string | null, string | null, string | null][] = [];
    const flush = db.transaction((rows: typeof batch) => { for (const r of rows) insert.run(...r); });
    for (const file of files) {
        for await (const line of readLines(file, () => undefined, false)) {
            let row: ReturnType<typeof s2orcMetadataFromRow>;
            try {
                row = s2orcMetadataFromRow(JSON.parse(line.text) as Record<string, unknown>);
            } catch {
                continue; // Metadata rows that do not parse simply do not join.
            }
            if (row === null) continue;
            batch.push([row.paperId, row.metadata.title ?? null, row.metadata.pmid ?? null, row.metadata.pmcid ?? null]);
            if (batch.length >= ROWS_PER_TRANSACTION) {
                flush(batch);
                batch = [];
            }
        }
    }
    flush(batch);
}
