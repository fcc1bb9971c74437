// No imports: the web app shares this wire type with `import type` (see src/web/api.ts).

/** One evaluation run as `GET /v1/meditron/evaluations` lists it for the web app's evaluations page. */
export interface EvaluationRunSummary {
    id: string;
    model: string;
    protocol: string;
    startedAt: string;
    wallSeconds: number;
    benchmarks: { benchmark: string; items: number; accuracy: number; accuracySd: number | null; invalidRate: number }[];
}
