import Database from "better-sqlite3";
import { UserError } from "../../util/errors.js";
import { idKey, type DedupStore } from "./DedupStore.js";
import { estimateJaccard } from "./minhash.js";

const NS_EXACT = 0;
const NS_FULL_TEXT = 1;
const NS_ABSTRACT = 2;
/** Band b's 32-bit key k is stored as the single integer b * 2^32 + k (exact in a double for b < 2^21). */
const BAND_STRIDE = 2 ** 32;

export interface SqliteDedupSettings {
    readonly bands: number;
    readonly permutations: number;
    readonly threshold: number;
    readonly nearEnabled: boolean;
    /** SQLite page cache, the store's only memory that scales with settings (not with documents). */
    readonly memoryMB: number;
}

/**
 * The dedup state on disk, in one SQLite file, with a page cache of `memoryMB`, so the main thread's memory
 * no longer grows with the number of kept documents. Tables:
 * - `id_key (ns, hi, lo) -> shard`, WITHOUT ROWID: exact keys, full-text ids, abstract ids (ns 0/1/2);
 * - `band (k) -> doc`: LSH band keys, a rowid table (the cheapest B-tree), first document wins as in memory;
 * - `signature (doc) -> shard, sig`: the kept documents' MinHash signatures by kept index.
 * A band row's shard is its document's shard, so it is not stored again (saves ~2 bytes x bands per doc).
 *
 * One write transaction per shard: `completeShard` commits it together with `completedShards`, so a crash
 * mid-shard leaves nothing of that shard behind (SQLite rolls it back on open), and a crash between this
 * commit and the build's checkpoint is undone on open by deleting the rows of shards >= the checkpoint's.
 * Per document it costs at most five statements (band lookups and inserts are one multi-key statement each).
 */
export class SqliteDedupStore implements DedupStore {
    private readonly db: Database.Database;
    private readonly selectKey: Database.Statement<[number, number, number]>;
    private readonly insertKey: Database.Statement<[number, number, number, number]>;
    private readonly selectBands: Database.Statement<number[]>;
    private readonly insertBands: Database.Statement<number[]>;
    private readonly selectSignature: Database.Statement<[number]>;
    private readonly insertSignature: Database.Statement<[number, number, Uint8Array]>;
    private readonly bandParams: number[];
    private readonly insertParams: number[];
    private nextDoc: number;
    private shard: number;

    private constructor(readonly file: string, private readonly settings: SqliteDedupSettings, completedShards: number, loadJournal: (shard: number) => Buffer | undefined) {
        const db = new Database(file);
        this.db = db;
        // Exclusive: one build owns its work folder; it also keeps the WAL index in process memory (no -shm file).
        db.pragma("locking_mode = EXCLUSIVE");
        // WAL: a shard's large transaction spills to the log without a journal fsync per spill; FULL syncs at each shard's commit.
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = FULL");
        db.pragma(`cache_size = ${-Math.max(1, Math.round(settings.memoryMB * 1024))}`);
        db.pragma("temp_store = FILE");
        db.exec(`
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS id_key (ns INTEGER NOT NULL, hi INTEGER NOT NULL, lo INTEGER NOT NULL, shard INTEGER NOT NULL, PRIMARY KEY (ns, hi, lo)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS band (k INTEGER PRIMARY KEY, doc INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS signature (doc INTEGER PRIMARY KEY, shard INTEGER NOT NULL, sig BLOB NOT NULL);
        `);
        this.checkSettings();
        const bands = settings.bands;
        this.selectKey = db.prepare("SELECT 1 FROM id_key WHERE ns = ? AND hi = ? AND lo = ?").pluck();
        this.insertKey = db.prepare("INSERT OR IGNORE INTO id_key (ns, hi, lo, shard) VALUES (?, ?, ?, ?)");
        this.selectBands = db.prepare(`SELECT doc FROM band WHERE k IN (${Array(bands).fill("?").join(", ")})`).pluck();
        this.insertBands = db.prepare(`INSERT OR IGNORE INTO band (k, doc) VALUES ${Array(bands).fill("(?, ?)").join(", ")}`);
        this.selectSignature = db.prepare("SELECT sig FROM signature WHERE doc = ?").pluck();
        this.insertSignature = db.prepare("INSERT INTO signature (doc, shard, sig) VALUES (?, ?, ?)");
        this.bandParams = new Array<number>(bands).fill(0);
        this.insertParams = new Array<number>(bands * 2).fill(0);

        const stored = this.metaValue("completedShards") ?? 0;
        if (stored > completedShards) this.truncateTo(completedShards);
        this.nextDoc = (db.prepare("SELECT max(doc) FROM signature").pluck().get() as number | null ?? -1) + 1;
        this.shard = Math.min(stored, completedShards);
        this.begin();
        // A build checkpointed by the in-memory store (or by an older version) left per-shard journals: import them.
        for (let s = this.shard; s < completedShards; s++) {
            const journal = loadJournal(s);
            if (journal === undefined) {
                this.db.close();
                throw new UserError(`the dedup store ${file} lacks shard ${s} of the checkpointed build`, {
                    expected: `dedup state for the ${completedShards} completed shards (in ${file} or as dedup-NNNNNN.bin journals)`,
                    found: `state for ${s} shards`,
                    fix: "resume with the dedup.store the build was started with, or pass --fresh to start over"
                });
            }
            this.shard = s;
            this.importJournal(s, journal);
            this.commit(s + 1);
            this.begin();
        }
        this.shard = completedShards;
    }

    /** Opens (or creates) the store for a build whose checkpoint says `completedShards` shards are done. */
    static open(file: string, settings: SqliteDedupSettings, completedShards: number, loadJournal: (shard: number) => Buffer | undefined = () => undefined): SqliteDedupStore {
        return new SqliteDedupStore(file, settings, completedShards, loadJournal);
    }

    /** Kept documents indexed for near-duplicate search. */
    get keptDocuments(): number {
        return this.nextDoc;
    }

    hasExact(hi: number, lo: number): boolean {
        return this.selectKey.get(NS_EXACT, hi >>> 0, lo >>> 0) !== undefined;
    }

    addExact(hi: number, lo: number): void {
        this.insertKey.run(NS_EXACT, hi >>> 0, lo >>> 0, this.shard);
    }

    hasFullText(pmid: string | undefined, pmcid: string | undefined): boolean {
        return (pmid !== undefined && this.selectKey.get(NS_FULL_TEXT, ...idKey("pmid", pmid)) !== undefined)
            || (pmcid !== undefined && this.selectKey.get(NS_FULL_TEXT, ...idKey("pmc", pmcid)) !== undefined);
    }

    addFullText(pmid: string | undefined, pmcid: string | undefined): void {
        if (pmid !== undefined) this.insertKey.run(NS_FULL_TEXT, ...idKey("pmid", pmid), this.shard);
        if (pmcid !== undefined) this.insertKey.run(NS_FULL_TEXT, ...idKey("pmc", pmcid), this.shard);
    }

    seenAbstract(pmid: string): boolean {
        return this.insertKey.run(NS_ABSTRACT, ...idKey("pmid", pmid), this.shard).changes === 0;
    }

    isNearDuplicate(bands: Uint32Array, signature: Uint8Array): boolean {
        if (!this.settings.nearEnabled) return false;
        const params = this.bandParams;
        for (let b = 0; b < params.length; b++) params[b] = b * BAND_STRIDE + bands[b]!;
        // The in-memory index compares against the first document holding each band key and answers "duplicate"
        // if any reaches the threshold; the set of candidates, not their order, decides, so one IN query matches it.
        const candidates = this.selectBands.all(...params) as number[];
        if (candidates.length > 0) {
            const seen = new Set<number>();
            for (const doc of candidates) {
                if (seen.has(doc)) continue;
                seen.add(doc);
                const other = this.selectSignature.get(doc) as Uint8Array;
                if (estimateJaccard(signature, 0, other, 0, this.settings.permutations) >= this.settings.threshold) return true;
            }
        }
        this.index(bands, signature);
        return false;
    }

    async completeShard(shardIndex: number): Promise<void> {
        this.commit(shardIndex + 1);
        this.shard = shardIndex + 1;
        this.begin();
    }

    close(): void {
        // An open transaction holds only an incomplete shard's additions: closing rolls them back, as a crash would.
        if (this.db.open) this.db.close();
    }

    private index(bands: Uint32Array, signature: Uint8Array): void {
        const doc = this.nextDoc++;
        this.insertSignature.run(doc, this.shard, signature);
        const params = this.insertParams;
        for (let b = 0; b < this.settings.bands; b++) {
            params[2 * b] = b * BAND_STRIDE + bands[b]!;
            params[2 * b + 1] = doc;
        }
        this.insertBands.run(...params);
    }

    private begin(): void {
        this.db.exec("BEGIN");
    }

    private commit(completedShards: number): void {
        this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('completedShards', ?)").run(completedShards);
        this.db.exec("COMMIT");
    }

    private metaValue(key: string): number | undefined {
        return this.db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key) as number | undefined;
    }

    private checkSettings(): void {
        const { bands, permutations } = this.settings;
        for (const [key, value] of [["bands", bands], ["permutations", permutations]] as const) {
            const stored = this.metaValue(key);
            if (stored === undefined) this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(key, value);
            else if (stored !== value) {
                this.db.close();
                throw new UserError(`the dedup store ${this.file} was written with other MinHash settings`, {
                    expected: `${key} = ${value}`, found: `${key} = ${stored}`, fix: "pass --fresh to start the build over"
                });
            }
        }
    }

    /** Undoes shards >= `completedShards` (committed here but not in the build's checkpoint). Full scans, only after a crash. */
    private truncateTo(completedShards: number): void {
        this.db.transaction(() => {
            this.db.prepare("DELETE FROM id_key WHERE shard >= ?").run(completedShards);
            const firstDoc = this.db.prepare("SELECT min(doc) FROM signature WHERE shard >= ?").pluck().get(completedShards) as number | null;
            if (firstDoc !== null) {
                this.db.prepare("DELETE FROM band WHERE doc >= ?").run(firstDoc);
                this.db.prepare("DELETE FROM signature WHERE doc >= ?").run(firstDoc);
            }
            this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('completedShards', ?)").run(completedShards);
        })();
    }

    /** Applies a `DedupState` journal (the in-memory store's per-shard file) as shard `shard` (= this.shard). */
    private importJournal(shard: number, data: Buffer): void {
        const aligned = new Uint8Array(data).buffer;
        const [nExact, nFull, nAbs, n, bands, perms] = new Uint32Array(aligned, 0, 6) as unknown as number[];
        if (bands !== this.settings.bands || perms !== this.settings.permutations) throw new Error("dedup journal was written with other MinHash settings");
        let offset = 24;
        const u32 = (count: number): Uint32Array => {
            const out = new Uint32Array(aligned, offset, count);
            offset += count * 4;
            return out;
        };
        for (const [ns, count] of [[NS_EXACT, nExact!], [NS_FULL_TEXT, nFull!], [NS_ABSTRACT, nAbs!]] as const) {
            const keys = u32(count);
            for (let i = 0; i < keys.length; i += 2) this.insertKey.run(ns, keys[i]!, keys[i + 1]!, shard);
        }
        const bandKeys = u32(n! * bands!);
        const sigs = new Uint8Array(aligned, offset, n! * perms!);
        for (let d = 0; d < n!; d++) this.index(bandKeys.subarray(d * bands!, (d + 1) * bands!), sigs.subarray(d * perms!, (d + 1) * perms!));
    }
}
