// No imports: the web app shares these wire types with `import type` (see src/web/api.ts), naming
// its own task and answer types through the parameters.

/** One conversation as the history lists it (`GET /v1/meditron/conversations`). */
export interface ConversationSummary<Task extends string = string> {
    id: string;
    title: string;
    task: Task;
    createdAt: string;
    updatedAt: string;
    messageCount: number;
}

/** One message of a stored conversation. */
export interface StoredMessage<Task extends string = string, Answer = unknown> {
    id: number;
    role: "user" | "assistant";
    task: Task;
    content: string;
    /** The task answer (structured result, safety decision) for assistant messages. */
    answer: Answer;
    createdAt: string;
}
