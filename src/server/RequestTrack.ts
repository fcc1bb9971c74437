/**
 * Per-request bookkeeping for metrics and the audit log: token counts, and, for streaming
 * responses, the moment the stream really ended (long after the handler returned).
 */
export class RequestTrack {
    promptTokens = 0;
    completionTokens = 0;
    task: string | undefined;
    firstTextAt: number | undefined;
    private deferredEnd: Promise<number> | undefined;
    readonly startedAt = performance.now();

    addUsage(usage: { readonly promptTokens: number; readonly completionTokens: number }): void {
        this.promptTokens += usage.promptTokens;
        this.completionTokens += usage.completionTokens;
    }

    markFirstText(): void {
        this.firstTextAt ??= performance.now();
    }

    /** For a streaming response: returns the function to call with the final status when it ends. */
    defer(): (status: number) => void {
        let end!: (status: number) => void;
        this.deferredEnd = new Promise((resolve) => (end = resolve));
        return end;
    }

    get ended(): Promise<number> | undefined {
        return this.deferredEnd;
    }
}
