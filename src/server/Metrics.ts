/**
 * The server's Prometheus metrics, kept in memory and rendered in the text exposition format
 * (version 0.0.4) at GET /metrics. Small on purpose: counters, two histograms, and gauges read
 * live from the scheduler.
 */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

class Histogram {
    private readonly counts = new Map<string, { buckets: number[]; sum: number; count: number }>();

    observe(labels: string, seconds: number): void {
        let entry = this.counts.get(labels);
        if (entry === undefined) {
            entry = { buckets: latencyBuckets.map(() => 0), sum: 0, count: 0 };
            this.counts.set(labels, entry);
        }
        latencyBuckets.forEach((bound, index) => {
            if (seconds <= bound) entry.buckets[index]! += 1;
        });
        entry.sum += seconds;
        entry.count += 1;
    }

    render(name: string, help: string): string[] {
        const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
        for (const [labels, entry] of this.counts) {
            const sep = labels === "" ? "" : ",";
            latencyBuckets.forEach((bound, index) => lines.push(`${name}_bucket{${labels}${sep}le="${bound}"} ${entry.buckets[index]}`));
            lines.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${entry.count}`);
            const plain = labels === "" ? "" : `{${labels}}`;
            lines.push(`${name}_sum${plain} ${entry.sum}`, `${name}_count${plain} ${entry.count}`);
        }
        return lines;
    }
}

export class Metrics {
    private readonly requests = new Map<string, number>();
    promptTokens = 0;
    completionTokens = 0;
    cancelled = 0;
    private readonly latency = new Histogram();
    private readonly firstToken = new Histogram();

    constructor(private readonly gauges: () => { running: number; queued: number; slots: number }) {}

    recordRequest(endpoint: string, status: number, seconds: number): void {
        const key = `endpoint="${escapeLabel(endpoint)}",status="${status}"`;
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
        // 499: the client went away mid-request; 504: the per-request timeout stopped it.
        if (status === 499 || status === 504) this.cancelled++;
        this.latency.observe(`endpoint="${escapeLabel(endpoint)}"`, seconds);
    }

    recordTokens(usage: { promptTokens: number; completionTokens: number }): void {
        this.promptTokens += usage.promptTokens;
        this.completionTokens += usage.completionTokens;
    }

    recordTimeToFirstToken(endpoint: string, seconds: number): void {
        this.firstToken.observe(`endpoint="${escapeLabel(endpoint)}"`, seconds);
    }

    render(): string {
        const { running, queued, slots } = this.gauges();
        const lines = ["# HELP meditron_requests_total HTTP requests answered, by endpoint and status.", "# TYPE meditron_requests_total counter"];
        for (const [labels, count] of this.requests) lines.push(`meditron_requests_total{${labels}} ${count}`);
        lines.push(
            "# HELP meditron_prompt_tokens_total Prompt tokens processed.",
            "# TYPE meditron_prompt_tokens_total counter",
            `meditron_prompt_tokens_total ${this.promptTokens}`,
            "# HELP meditron_completion_tokens_total Tokens generated.",
            "# TYPE meditron_completion_tokens_total counter",
            `meditron_completion_tokens_total ${this.completionTokens}`,
            "# HELP meditron_requests_cancelled_total Generations stopped because the client disconnected or timed out.",
            "# TYPE meditron_requests_cancelled_total counter",
            `meditron_requests_cancelled_total ${this.cancelled}`,
            "# HELP meditron_requests_running Requests holding a model sequence now.",
            "# TYPE meditron_requests_running gauge",
            `meditron_requests_running ${running}`,
            "# HELP meditron_queue_depth Requests waiting for a model sequence.",
            "# TYPE meditron_queue_depth gauge",
            `meditron_queue_depth ${queued}`,
            "# HELP meditron_sequences Parallel model sequences (slots).",
            "# TYPE meditron_sequences gauge",
            `meditron_sequences ${slots}`,
            ...this.latency.render("meditron_request_duration_seconds", "Time from request to the end of the response."),
            ...this.firstToken.render("meditron_time_to_first_token_seconds", "Time from request to the first generated text (streaming).")
        );
        return `${lines.join("\n")}\n`;
    }
}

function escapeLabel(value: string): string {
    return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
