import Database from "better-sqlite3";
import { UserError } from "../../util/errors.js";
import { idKey, type DedupStore } from "./DedupStore.js";
import { fmix32 } from "./hashing.js";
import { KeyFilter } from "./KeyFilter.js";
import { U64Map } from "./U64Map.js";
import { estimateJaccard } from "./minhash.js";

const NS_EXACT = 0;
const NS_FULL_TEXT = 1;
const NS_ABSTRACT = 2;
/** Band b's 32-bit key k is stored as the single integer b * 2^32 + k (exact in a double for b < 2^21). */
const BAND_STRIDE = 2 ** 32;
/** Band rows per INSERT statement when flushing. */
const FLUSH_ROWS = 64;

export interface SqliteDedupSettings {
    readonly bands: number;
    readonly permutations: number;
    readonly threshold: number;
    readonly nearEnabled: boolean;
    /** Memory budget: 1/2 SQLite page cache, 1/4 key filter, 1/4 band-row buffer; nothing in the store grows with documents. */
    readonly memoryMB: number;
}

/**
 * The dedup state on disk, in one SQLite file, in `memoryMB` of memory, so the main thread's memory no
 * longer grows with the number of kept documents. Tables:
 * - `id_key (ns, hi, lo) -> shard`, WITHOUT ROWID: exact keys, full-text ids, abstract ids (ns 0/1/2);
 * - `band (k) -> doc`: LSH band keys, a rowid table (the cheapest B-tree), first document wins as in memory;
 * - `band_log (shard) -> rows`: band rows committed but not yet merged into `band`, (k, doc) float64 pairs (see below);
 * - `signature (doc) -> shard, sig`: the kept documents' MinHash signatures by kept index.
 * A band row's shard is its document's shard, so it is not stored again (saves ~2 bytes x bands per doc).
 *
 * One write transaction per shard: `completeShard` commits it together with `completedShards`, so a crash
 * mid-shard leaves nothing of that shard behind (SQLite rolls it back on open), and a crash between this
 * commit and the build's checkpoint is undone on open by deleting the rows of shards >= the checkpoint's.
 *
 * Speed: a fixed-size `KeyFilter` (a quarter of the budget) answers "never stored" for most band and exact keys
 * without SQLite (rebuilt from the tables on open by one sequential scan: it only needs to be a superset), and
 * new band rows wait in a bounded pending buffer (a quarter of the budget, seen by lookups) and are written
 * sorted by key when it is full, so once the table outgrows the page cache a flush visits each B-tree page
 * once instead of once per row. A shard's commit appends the buffer's new rows to `band_log` (one sequential
 * blob), reloaded into the buffer on open; the band table is only written when the buffer is full.
 */
export class SqliteDedupStore implements DedupStore {
    private readonly db: Database.Database;
    private readonly selectKey: Database.Statement<[number, number, number]>;
    private readonly insertKey: Database.Statement<[number, number, number, number]>;
    private readonly selectBand: Database.Statement<[number]>;
    private readonly insertBand: Database.Statement<[number, number]>;
    private readonly insertBands: Database.Statement<number[]>;
    /** Band rows not yet in SQLite ((band, key) -> doc + 1, and their k), flushed in key order: B-tree pages are then visited in order. */
    private pending: U64Map;
    private readonly pendingKeys: Float64Array;
    private pendingCount = 0;
    /** Pending rows [0, logged) are already appended to `band_log`. */
    private logged = 0;
    private readonly insertLog: Database.Statement<[number, Uint8Array]>;
    private readonly filter: KeyFilter;
    /** Per call: the band's document if stored, -1 if not (scratch, reused). */
    private readonly bandHolder: number[];
    private readonly selectSignature: Database.Statement<[number]>;
    private readonly insertSignature: Database.Statement<[number, number, Uint8Array]>;
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
        db.pragma(`cache_size = ${-Math.max(64, Math.round(settings.memoryMB * 512))}`);
        this.filter = new KeyFilter(settings.memoryMB * 2 ** 18);
        db.pragma("temp_store = FILE");
        db.exec(`
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS id_key (ns INTEGER NOT NULL, hi INTEGER NOT NULL, lo INTEGER NOT NULL, shard INTEGER NOT NULL, PRIMARY KEY (ns, hi, lo)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS band (k INTEGER PRIMARY KEY, doc INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS band_log (shard INTEGER PRIMARY KEY, rows BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS signature (doc INTEGER PRIMARY KEY, shard INTEGER NOT NULL, sig BLOB NOT NULL);
        `);
        this.checkSettings();
        const bands = settings.bands;
        this.selectKey = db.prepare("SELECT 1 FROM id_key WHERE ns = ? AND hi = ? AND lo = ?").pluck();
        this.insertKey = db.prepare("INSERT OR IGNORE INTO id_key (ns, hi, lo, shard) VALUES (?, ?, ?, ?)");
        this.selectBand = db.prepare("SELECT doc FROM band WHERE k = ?").pluck();
        this.insertBand = db.prepare("INSERT OR IGNORE INTO band (k, doc) VALUES (?, ?)");
        this.insertBands = db.prepare(`INSERT OR IGNORE INTO band (k, doc) VALUES ${Array(FLUSH_ROWS).fill("(?, ?)").join(", ")}`);
        // ~40 bytes per pending row (k, and a U64Map slot at <= 0.75 load): a quarter of the budget, 6554 rows per MB.
        this.pendingKeys = new Float64Array(Math.max(bands, settings.memoryMB * 6554));
        this.pending = new U64Map(this.pendingKeys.length);
        this.insertLog = db.prepare("INSERT OR REPLACE INTO band_log (shard, rows) VALUES (?, ?)");
        this.selectSignature = db.prepare("SELECT sig FROM signature WHERE doc = ?").pluck();
        this.insertSignature = db.prepare("INSERT INTO signature (doc, shard, sig) VALUES (?, ?, ?)");
        this.insertParams = new Array<number>(FLUSH_ROWS * 2).fill(0);
        this.bandHolder = new Array<number>(bands).fill(-1);

        const stored = this.metaValue("completedShards") ?? 0;
        if (stored > completedShards) this.truncateTo(completedShards);
        this.nextDoc = (db.prepare("SELECT max(doc) FROM signature").pluck().get() as number | null ?? -1) + 1;
        this.fillFilter();
        this.loadLog();
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
        return this.filter.mayHave(this.settings.bands, exactFilterKey(hi, lo)) && this.selectKey.get(NS_EXACT, hi >>> 0, lo >>> 0) !== undefined;
    }

    addExact(hi: number, lo: number): void {
        this.filter.add(this.settings.bands, exactFilterKey(hi, lo));
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
        // The in-memory index compares against the first document holding each band key and answers "duplicate"
        // if any reaches the threshold: the set of candidates decides, not their order.
        const holder = this.bandHolder;
        let candidates: number[] | undefined;
        for (let b = 0; b < holder.length; b++) {
            const doc = this.filter.mayHave(b, bands[b]!) ? this.storedBand(b, bands[b]!) : undefined;
            holder[b] = doc ?? -1;
            if (doc !== undefined && !(candidates ??= []).includes(doc)) candidates.push(doc);
        }
        for (const doc of candidates ?? []) {
            const other = this.selectSignature.get(doc) as Uint8Array;
            if (estimateJaccard(signature, 0, other, 0, this.settings.permutations) >= this.settings.threshold) return true;
        }
        this.index(bands, signature);
        return false;
    }

    private storedBand(band: number, key: number): number | undefined {
        const pending = this.pending.get(band, key);
        return pending !== 0 ? pending - 1 : this.selectBand.get(band * BAND_STRIDE + key) as number | undefined;
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

    /** Indexes a kept document (`bandHolder` says which of its band keys are already held by another). */
    private index(bands: Uint32Array, signature: Uint8Array): void {
        const doc = this.nextDoc++;
        this.insertSignature.run(doc, this.shard, signature);
        for (let b = 0; b < this.settings.bands; b++) {
            this.filter.add(b, bands[b]!);
            // First holder wins, as in memory: a key already held (in SQLite or pending) keeps its document.
            if (this.bandHolder[b] === -1 && this.pending.setIfAbsent(b, bands[b]!, doc + 1)) this.pendingKeys[this.pendingCount++] = b * BAND_STRIDE + bands[b]!;
        }
        if (this.pendingCount + this.settings.bands > this.pendingKeys.length) this.flush();
    }

    /** Writes the pending band rows in key order. */
    private flush(): void {
        const keys = this.pendingKeys.subarray(0, this.pendingCount).sort();
        const params = this.insertParams;
        const doc = (k: number): number => this.pending.get(Math.floor(k / BAND_STRIDE), k % BAND_STRIDE) - 1;
        let i = 0;
        for (; i + FLUSH_ROWS <= keys.length; i += FLUSH_ROWS) {
            for (let j = 0; j < FLUSH_ROWS; j++) {
                params[2 * j] = keys[i + j]!;
                params[2 * j + 1] = doc(keys[i + j]!);
            }
            this.insertBands.run(...params);
        }
        for (; i < keys.length; i++) this.insertBand.run(keys[i]!, doc(keys[i]!));
        this.db.exec("DELETE FROM band_log");
        this.pendingCount = 0;
        this.logged = 0;
        this.pending.clear();
    }

    /**
     * Appends the pending rows not yet logged (all of the current shard) to `band_log` as one blob: a shard's
     * commit makes them durable with one sequential write, so small shards do not force a flush into the
     * randomly keyed band B-tree each time.
     */
    private logPending(): void {
        if (this.logged === this.pendingCount) return;
        const rows = new Float64Array(2 * (this.pendingCount - this.logged));
        for (let i = this.logged; i < this.pendingCount; i++) {
            const k = this.pendingKeys[i]!;
            rows[2 * (i - this.logged)] = k;
            rows[2 * (i - this.logged) + 1] = this.pending.get(Math.floor(k / BAND_STRIDE), k % BAND_STRIDE) - 1;
        }
        this.insertLog.run(this.shard, new Uint8Array(rows.buffer));
        this.logged = this.pendingCount;
    }

    /** The logged rows, shard by shard (one blob in memory at a time; no statement left open, so callers may write). */
    private *logRows(): Generator<[number, number]> {
        const shards = this.db.prepare("SELECT shard FROM band_log ORDER BY shard").pluck().all() as number[];
        const select = this.db.prepare("SELECT rows FROM band_log WHERE shard = ?").pluck();
        for (const shard of shards) {
            const rows = new Float64Array(new Uint8Array(select.get(shard) as Buffer).buffer);
            for (let i = 0; i < rows.length; i += 2) yield [rows[i]!, rows[i + 1]!];
        }
    }

    /** Reloads the logged rows into the pending buffer (or merges them into `band` if they exceed it, e.g. after lowering memoryMB). */
    private loadLog(): void {
        let rows = 0;
        for (const _ of this.logRows()) rows++;
        if (rows + this.settings.bands > this.pendingKeys.length) {
            this.db.transaction(() => {
                for (const [k, doc] of this.logRows()) this.insertBand.run(k, doc);
                this.db.exec("DELETE FROM band_log");
            })();
            return;
        }
        for (const [k, doc] of this.logRows()) {
            this.pending.setIfAbsent(Math.floor(k / BAND_STRIDE), k % BAND_STRIDE, doc + 1);
            this.pendingKeys[this.pendingCount++] = k;
        }
        this.logged = this.pendingCount;
    }

    /** Sets the filter bit of every stored band and exact key (a sequential scan of both tables). */
    private fillFilter(): void {
        const band = this.db.prepare("SELECT k FROM band").pluck();
        for (const k of band.iterate() as IterableIterator<number>) this.filter.add(Math.floor(k / BAND_STRIDE), k % BAND_STRIDE);
        for (const [k] of this.logRows()) this.filter.add(Math.floor(k / BAND_STRIDE), k % BAND_STRIDE);
        const exact = this.db.prepare("SELECT hi, lo FROM id_key WHERE ns = 0").raw();
        for (const [hi, lo] of exact.iterate() as IterableIterator<[number, number]>) this.filter.add(this.settings.bands, exactFilterKey(hi, lo));
    }

    private begin(): void {
        this.db.exec("BEGIN");
    }

    private commit(completedShards: number): void {
        this.logPending();
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
            this.db.prepare("DELETE FROM band_log WHERE shard >= ?").run(completedShards);
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
            for (let i = 0; i < keys.length; i += 2) {
                if (ns === NS_EXACT) this.filter.add(this.settings.bands, exactFilterKey(keys[i]!, keys[i + 1]!));
                this.insertKey.run(ns, keys[i]!, keys[i + 1]!, shard);
            }
        }
        const bandKeys = u32(n! * bands!);
        const sigs = new Uint8Array(aligned, offset, n! * perms!);
        for (let d = 0; d < n!; d++) {
            const keys = bandKeys.subarray(d * bands!, (d + 1) * bands!);
            for (let b = 0; b < bands!; b++) this.bandHolder[b] = this.filter.mayHave(b, keys[b]!) ? this.storedBand(b, keys[b]!) ?? -1 : -1;
            this.index(keys, sigs.subarray(d * perms!, (d + 1) * perms!));
        }
    }
}

/** Exact keys share the filter under namespace `bands` (after the band indices), folded to 32 bits. */
function exactFilterKey(hi: number, lo: number): number {
    return (hi ^ fmix32(lo >>> 0)) >>> 0;
}
