import { useCallback, useEffect, useRef, useState } from "react";
import { getJson, sendJson, streamAnswer, type ConversationSummary, type StoredMessage, type TaskAnswer, type TaskName } from "../api";
import type { GenerationSettings } from "../settings";
import { AnswerView } from "./AnswerView";
import { Composer, type ComposedRequest } from "./Composer";
import { HistoryList } from "./HistoryList";
import { Markdown } from "./Markdown";

interface ViewMessage {
    key: string;
    role: "user" | "assistant";
    task: TaskName;
    content: string;
    answer: TaskAnswer | null;
    /** Exam options of the question this answers, for the bar labels. */
    options?: string[];
    streaming?: boolean;
    error?: string;
}

function examOptions(content: string): string[] | undefined {
    const lines = content.split("\n").filter((l) => /^[A-J]\. /.test(l));
    return lines.length > 0 ? lines.map((l) => l.slice(3)) : undefined;
}

/** Chat with the four tasks as modes, streamed answers, and the stored history beside it. */
export function ChatPage({ settings, conversationId, onConversationChange }: { settings: GenerationSettings; conversationId: string | null; onConversationChange: (id: string | null) => void }) {
    const [mode, setMode] = useState<TaskName>("health");
    const [messages, setMessages] = useState<ViewMessage[]>([]);
    const [conversations, setConversations] = useState<ConversationSummary[]>([]);
    const [historyError, setHistoryError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const abort = useRef<AbortController | null>(null);
    const endRef = useRef<HTMLDivElement | null>(null);

    const refresh = useCallback(async () => {
        try {
            setConversations((await getJson<{ data: ConversationSummary[] }>("/v1/meditron/conversations")).data);
            setHistoryError(null);
        } catch (error) {
            setHistoryError((error as Error).message);
        }
    }, []);

    useEffect(() => {
        void refresh();
    }, [refresh]);

    useEffect(() => {
        if (conversationId === null) {
            setMessages([]);
            return;
        }
        if (busy) return;
        let cancelled = false;
        getJson<{ messages: StoredMessage[]; task: TaskName }>(`/v1/meditron/conversations/${encodeURIComponent(conversationId)}`)
            .then((conversation) => {
                if (cancelled) return;
                let previous: StoredMessage | undefined;
                setMessages(
                    conversation.messages.map((m) => {
                        const view: ViewMessage = { key: String(m.id), role: m.role, task: m.task, content: m.content, answer: m.answer, options: m.role === "assistant" && previous ? examOptions(previous.content) : undefined };
                        previous = m;
                        return view;
                    })
                );
                setMode(conversation.messages.at(-1)?.task ?? conversation.task);
            })
            .catch(() => !cancelled && onConversationChange(null));
        return () => {
            cancelled = true;
        };
        // Only reload when the conversation changes, not after each streamed answer.
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [conversationId]);

    useEffect(() => {
        endRef.current?.scrollIntoView?.({ block: "end" });
    }, [messages]);

    const send = async (request: ComposedRequest) => {
        setBusy(true);
        const controller = new AbortController();
        abort.current = controller;
        let id = conversationId;
        const stamp = Date.now();
        const userMessage: ViewMessage = { key: `u${stamp}`, role: "user", task: mode, content: request.display, answer: null };
        const pending: ViewMessage = { key: `a${stamp}`, role: "assistant", task: mode, content: "", answer: null, streaming: true, options: mode === "exam" ? (request.fields.options as string[]) : undefined };
        setMessages((list) => [...list, userMessage, pending]);
        const update = (change: Partial<ViewMessage>) => setMessages((list) => list.map((m) => (m.key === pending.key ? { ...m, ...change } : m)));
        try {
            if (id === null) {
                try {
                    const created = await sendJson<ConversationSummary>("POST", "/v1/meditron/conversations", { task: mode, title: request.display.split("\n")[0]!.slice(0, 80) });
                    id = created.id;
                    onConversationChange(id);
                } catch {
                    id = null; // history off: still answer, just do not store
                }
            }
            let text = "";
            const answer = await streamAnswer(
                {
                    ...request.fields,
                    // The differential's length is bounded by its JSON schema; a short chat limit would cut the JSON.
                    ...(mode === "differential" ? {} : { max_tokens: settings.maxTokens }),
                    temperature: settings.temperature,
                    ...(id === null ? {} : { conversation_id: id })
                },
                (piece) => {
                    text += piece;
                    update({ content: text });
                },
                controller.signal
            );
            update({ content: answer.text, answer, streaming: false });
        } catch (error) {
            const message = controller.signal.aborted ? "Stopped." : (error as Error).message;
            update({ streaming: false, error: message });
        } finally {
            setBusy(false);
            abort.current = null;
            void refresh();
        }
    };

    const remove = async (id: string) => {
        if (!window.confirm("Delete this conversation? This cannot be undone.")) return;
        await sendJson("DELETE", `/v1/meditron/conversations/${encodeURIComponent(id)}`);
        if (id === conversationId) onConversationChange(null);
        void refresh();
    };

    const removeAll = async () => {
        if (!window.confirm("Delete the whole conversation history? This cannot be undone.")) return;
        await sendJson("DELETE", "/v1/meditron/conversations");
        onConversationChange(null);
        void refresh();
    };

    return (
        <div className="chat-layout">
            <HistoryList conversations={conversations} activeId={conversationId} onOpen={onConversationChange} onDelete={(id) => void remove(id)} onDeleteAll={() => void removeAll()} onNew={() => onConversationChange(null)} />
            {historyError && <p className="muted history-error">History unavailable: {historyError}</p>}
            <section className="conversation" aria-label="Conversation">
                <ol className="messages" aria-live="polite" aria-busy={busy}>
                    {messages.length === 0 && <li className="empty muted">Choose a mode below and ask MediTron something.</li>}
                    {messages.map((m) => (
                        <li key={m.key} className={`message message-${m.role}`} data-task={m.task} data-streaming={m.streaming ? "true" : undefined}>
                            <span className="message-role">{m.role === "user" ? "You" : "MediTron"}</span>
                            {m.role === "user" ? (
                                <Markdown text={m.content.replace(/\n/g, "  \n")} />
                            ) : m.answer ? (
                                <AnswerView answer={m.answer} options={m.options} />
                            ) : (
                                <div className="answer streaming">
                                    <Markdown text={m.content === "" && m.streaming ? "…" : m.content} />
                                </div>
                            )}
                            {m.error && (
                                <p className="form-error" role="alert">
                                    {m.error}
                                </p>
                            )}
                        </li>
                    ))}
                </ol>
                <div ref={endRef} />
                <Composer mode={mode} onModeChange={setMode} busy={busy} onSubmit={(request) => void send(request)} onStop={() => abort.current?.abort()} />
            </section>
        </div>
    );
}
