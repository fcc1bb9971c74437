import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { UserError } from "../../util/errors.js";
import type { RequestKind } from "./requestKey.js";

/**
 * Every model response of an evaluation, in SQLite, keyed by {@link requestKey}.
 *
 * Each response is committed the moment it arrives (one autocommit INSERT in WAL mode), so
 * Ctrl-C, a crash or a killed machine loses nothing already computed, and rerunning the same
 * command finds every earlier answer here instead of asking the model again.
 *
 * The cache also remembers file hashes by (path, size, mtime), so a multi-GiB model file is
 * hashed once, not on every run.
 */
export class ResponseCache {
    private readonly db: Database.Database;
    private readonly selectResponse: Database.Statement<[string], { response: string }>;
    private readonly insertResponse: Database.Statement<[string, string, string, number]>;

    private constructor(readonly file: string, db: Database.Database) {
        this.db = db;
        db.pragma("journal_mode = WAL");
        // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
        db.pragma("synchronous = NORMAL");
        db.pragma("busy_timeout = 5000");
        db.exec(`
            CREATE TABLE IF NOT EXISTS responses (
                key TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                response TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS file_hashes (
                path TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                mtime_ms REAL NOT NULL,
                sha256 TEXT NOT NULL
            );
        `);
        this.selectResponse = db.prepare("SELECT response FROM responses WHERE key = ?");
        this.insertResponse = db.prepare("INSERT OR REPLACE INTO responses (key, kind, response, created_at) VALUES (?, ?, ?, ?)");
    }

    /** Opens (creating if needed) the cache file; its directory is created too. */
    static open(file: string): ResponseCache {
        try {
            if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
            return new ResponseCache(file, new Database(file));
        } catch (error) {
            throw new UserError(`cannot open the response cache ${file}`, {
                expected: "a writable SQLite file path",
                found: error instanceof Error ? error.message : String(error),
                fix: "pass another path with --cache, or check the directory's permissions",
                cause: error
            });
        }
    }

    /** The cached response for `key`, parsed, or undefined. */
    get<T>(key: string): T | undefined {
        const row = this.selectResponse.get(key);
        return row === undefined ? undefined : (JSON.parse(row.response) as T);
    }

    /** Stores a response immediately (committed before this returns). */
    put(key: string, kind: RequestKind, response: unknown): void {
        this.insertResponse.run(key, kind, JSON.stringify(response), Date.now());
    }

    /** Number of cached responses (all runs, all models). */
    size(): number {
        return (this.db.prepare("SELECT COUNT(*) AS n FROM responses").get() as { n: number }).n;
    }

    /** A remembered file hash, valid only while the file's size and mtime are unchanged. */
    fileHash(filePath: string, size: number, mtimeMs: number): string | undefined {
        const row = this.db.prepare("SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ms = ?").get(filePath, size, mtimeMs) as
            | { sha256: string }
            | undefined;
        return row?.sha256;
    }

    rememberFileHash(filePath: string, size: number, mtimeMs: number, sha256: string): void {
        this.db.prepare("INSERT OR REPLACE INTO file_hashes (path, size, mtime_ms, sha256) VALUES (?, ?, ?, ?)").run(filePath, size, mtimeMs, sha256);
    }

    close(): void {
        if (this.db.open) this.db.close();
    }
}
