import type { ConversationSummary } from "../api";

/** The stored conversations, newest first, each openable and deletable. */
export function HistoryList({ conversations, activeId, onOpen, onDelete, onDeleteAll, onNew }: { conversations: ConversationSummary[]; activeId: string | null; onOpen: (id: string) => void; onDelete: (id: string) => void; onDeleteAll: () => void; onNew: () => void }) {
    return (
        <nav className="history" aria-label="Conversation history">
            <div className="history-head">
                <h2>History</h2>
                <button type="button" onClick={onNew}>
                    New chat
                </button>
            </div>
            {conversations.length === 0 ? (
                <p className="muted">No conversations yet.</p>
            ) : (
                <ul>
                    {conversations.map((c) => (
                        <li key={c.id} className={c.id === activeId ? "active" : undefined}>
                            <button type="button" className="history-open" onClick={() => onOpen(c.id)} aria-current={c.id === activeId ? "true" : undefined}>
                                <span className="history-title">{c.title}</span>
                                <span className="history-meta">
                                    {c.task} · {new Date(c.updatedAt).toLocaleString()}
                                </span>
                            </button>
                            <button type="button" className="history-delete" onClick={() => onDelete(c.id)} aria-label={`Delete conversation ${c.title}`}>
                                ×
                            </button>
                        </li>
                    ))}
                </ul>
            )}
            {conversations.length > 0 && (
                <button type="button" className="secondary danger" onClick={onDeleteAll}>
                    Delete all history
                </button>
            )}
        </nav>
    );
}
