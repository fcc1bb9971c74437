/** Runs at most `limit` tasks at a time; the others wait in FIFO order. */
export class ConcurrencyLimiter {
    private running = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(readonly limit: number) {}

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.running >= this.limit) {
            // The finishing task hands its slot over directly, so `running` never exceeds the limit.
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        } else {
            this.running += 1;
        }
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) next();
            else this.running -= 1;
        }
    }
}
