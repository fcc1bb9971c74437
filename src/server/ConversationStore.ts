import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { UserError } from "../util/errors.js";
import type { ConversationSummary, StoredMessage } from "./ConversationRecords.js";

export type { ConversationSummary, StoredMessage } from "./ConversationRecords.js";

/**
 * The web app's conversation history, server-side in SQLite (better-sqlite3). Conversations are
 * deletable one by one or all at once; deleting removes the rows (no soft delete: the history may
 * hold patient data, so "delete" must mean gone).
 */
export class ConversationStore {
    private constructor(private readonly db: Database.Database) {
        db.pragma("journal_mode = WAL");
        db.pragma("foreign_keys = ON");
        db.exec(`
            CREATE TABLE IF NOT EXISTS conversations (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                task TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                task TEXT NOT NULL,
                content TEXT NOT NULL,
                answer_json TEXT,
                created_at TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
        `);
    }

    /** Opens (creating if needed) the history database; ":memory:" keeps it in memory. */
    static open(file: string): ConversationStore {
        try {
            if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
            return new ConversationStore(new Database(file));
        } catch (error) {
            throw new UserError(`cannot open the conversation history ${file}`, {
                expected: "a writable SQLite file path",
                found: error instanceof Error ? error.message : String(error),
                fix: "pass another path with --history, or check the directory's permissions",
                cause: error
            });
        }
    }

    create(id: string, title: string, task: string): ConversationSummary {
        const now = new Date().toISOString();
        this.db.prepare("INSERT INTO conversations (id, title, task, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(id, title.slice(0, 200), task, now, now);
        return { id, title: title.slice(0, 200), task, createdAt: now, updatedAt: now, messageCount: 0 };
    }

    list(): ConversationSummary[] {
        return this.db
            .prepare(
                `SELECT c.id, c.title, c.task, c.created_at AS createdAt, c.updated_at AS updatedAt, COUNT(m.id) AS messageCount
                 FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
                 GROUP BY c.id ORDER BY c.updated_at DESC`
            )
            .all() as ConversationSummary[];
    }

    get(id: string): (ConversationSummary & { messages: StoredMessage[] }) | undefined {
        const summary = this.list().find((c) => c.id === id);
        if (summary === undefined) return undefined;
        const rows = this.db
            .prepare("SELECT id, role, task, content, answer_json, created_at FROM messages WHERE conversation_id = ? ORDER BY id")
            .all(id) as { id: number; role: "user" | "assistant"; task: string; content: string; answer_json: string | null; created_at: string }[];
        const messages = rows.map((row) => ({
            id: row.id,
            role: row.role,
            task: row.task,
            content: row.content,
            answer: row.answer_json === null ? null : (JSON.parse(row.answer_json) as unknown),
            createdAt: row.created_at
        }));
        return { ...summary, messages };
    }

    has(id: string): boolean {
        return this.db.prepare("SELECT 1 FROM conversations WHERE id = ?").get(id) !== undefined;
    }

    append(conversationId: string, message: { role: "user" | "assistant"; task: string; content: string; answer?: unknown }): void {
        const now = new Date().toISOString();
        const insert = this.db.transaction(() => {
            this.db
                .prepare("INSERT INTO messages (conversation_id, role, task, content, answer_json, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .run(conversationId, message.role, message.task, message.content, message.answer === undefined ? null : JSON.stringify(message.answer), now);
            this.db.prepare("UPDATE conversations SET updated_at = ? WHERE id = ?").run(now, conversationId);
        });
        insert();
    }

    /** Returns whether the conversation existed. */
    delete(id: string): boolean {
        return this.db.prepare("DELETE FROM conversations WHERE id = ?").run(id).changes > 0;
    }

    deleteAll(): number {
        return this.db.prepare("DELETE FROM conversations").run().changes;
    }

    close(): void {
        this.db.close();
    }
}
