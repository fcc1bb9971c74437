import { useEffect, useState } from "react";
import { getJson, type EvaluationRunSummary } from "../api";

interface CalibrationBin {
    lower: number;
    upper: number;
    count: number;
    meanConfidence: number | null;
    accuracy: number | null;
}

interface RunDetail {
    model: { name: string };
    protocol: string;
    seeds: number[];
    benchmarks: { benchmark: string; items: number; summary: { accuracy: { mean: number; sd: number | null } }; perSeed: { seed: number; calibrationBins?: CalibrationBin[]; expectedCalibrationError?: number }[] }[];
}

/** Runs from the evaluation result store, with an accuracy chart and calibration diagrams. */
export function EvaluationsPage() {
    const [runs, setRuns] = useState<EvaluationRunSummary[] | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [selected, setSelected] = useState<string | null>(null);
    const [detail, setDetail] = useState<RunDetail | null>(null);

    useEffect(() => {
        getJson<{ data: EvaluationRunSummary[] }>("/v1/meditron/evaluations")
            .then((r) => setRuns(r.data))
            .catch((e: Error) => setError(e.message));
    }, []);
    useEffect(() => {
        if (selected === null) return;
        setDetail(null);
        getJson<RunDetail>(`/v1/meditron/evaluations/run?id=${encodeURIComponent(selected)}`)
            .then(setDetail)
            .catch((e: Error) => setError(e.message));
    }, [selected]);

    return (
        <section className="evaluations" aria-labelledby="evaluations-title">
            <h2 id="evaluations-title">Evaluations</h2>
            {error && <p className="form-error" role="alert">{error}</p>}
            {runs !== null && runs.length === 0 && (
                <p className="muted">
                    No evaluation runs found. Run <code>meditron eval run</code> with its results written under the server's <code>--eval-dir</code>.
                </p>
            )}
            {runs !== null && runs.length > 0 && (
                <div className="table-scroll">
                    <table>
                        <caption>Evaluation runs, newest first</caption>
                        <thead>
                            <tr>
                                <th scope="col">Run</th>
                                <th scope="col">Model</th>
                                <th scope="col">Protocol</th>
                                <th scope="col">Started</th>
                                <th scope="col">Accuracy by benchmark</th>
                            </tr>
                        </thead>
                        <tbody>
                            {runs.map((run) => (
                                <tr key={run.id} className={run.id === selected ? "active" : undefined}>
                                    <th scope="row">
                                        <button type="button" className="link" onClick={() => setSelected(run.id)} aria-pressed={run.id === selected}>
                                            {run.id}
                                        </button>
                                    </th>
                                    <td>{run.model}</td>
                                    <td>{run.protocol}</td>
                                    <td>{run.startedAt ? new Date(run.startedAt).toLocaleString() : ""}</td>
                                    <td>{run.benchmarks.map((b) => `${b.benchmark} ${(b.accuracy * 100).toFixed(1)}%`).join(", ")}</td>
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            )}
            {detail && <RunCharts run={detail} />}
        </section>
    );
}

function RunCharts({ run }: { run: RunDetail }) {
    const bars = run.benchmarks.map((b) => ({ label: b.benchmark, value: b.summary.accuracy.mean, sd: b.summary.accuracy.sd }));
    const width = 560;
    const rowHeight = 28;
    const height = bars.length * rowHeight + 30;
    const left = 120;
    const scale = (v: number) => left + v * (width - left - 50);
    return (
        <div className="run-charts">
            <h3>
                {run.model.name} · {run.protocol} · seeds {run.seeds.join(", ")}
            </h3>
            <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="accuracy-chart-title" className="chart">
                <title id="accuracy-chart-title">Accuracy per benchmark (mean over seeds, bars show ± 1 sd)</title>
                {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
                    <g key={tick}>
                        <line x1={scale(tick)} x2={scale(tick)} y1={0} y2={height - 20} className="grid" />
                        <text x={scale(tick)} y={height - 5} textAnchor="middle" className="axis">
                            {tick * 100}%
                        </text>
                    </g>
                ))}
                {bars.map((bar, i) => (
                    <g key={bar.label} transform={`translate(0 ${i * rowHeight + 4})`}>
                        <text x={left - 8} y={15} textAnchor="end" className="axis">
                            {bar.label}
                        </text>
                        <rect x={left} y={3} width={Math.max(scale(bar.value) - left, 1)} height={16} className="bar" />
                        {bar.sd !== null && <line x1={scale(Math.max(0, bar.value - bar.sd))} x2={scale(Math.min(1, bar.value + bar.sd))} y1={11} y2={11} className="error-bar" />}
                        <text x={scale(Math.min(1, bar.value + (bar.sd ?? 0))) + 6} y={15} className="axis">
                            {(bar.value * 100).toFixed(1)}%
                        </text>
                    </g>
                ))}
            </svg>
            {run.benchmarks.map((b) => {
                const bins = b.perSeed[0]?.calibrationBins?.filter((bin) => bin.count > 0 && bin.meanConfidence !== null && bin.accuracy !== null);
                if (!bins || bins.length === 0) return null;
                return <CalibrationChart key={b.benchmark} benchmark={b.benchmark} bins={bins} ece={b.perSeed[0]?.expectedCalibrationError} />;
            })}
        </div>
    );
}

function CalibrationChart({ benchmark, bins, ece }: { benchmark: string; bins: CalibrationBin[]; ece?: number }) {
    const size = 220;
    const pad = 30;
    const scale = (v: number) => pad + v * (size - 2 * pad);
    const flip = (v: number) => size - scale(v);
    return (
        <figure className="calibration">
            <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`Calibration of ${benchmark}: accuracy against confidence per bin`} className="chart">
                <line x1={scale(0)} y1={flip(0)} x2={scale(1)} y2={flip(1)} className="grid" />
                <line x1={scale(0)} y1={flip(0)} x2={scale(1)} y2={flip(0)} className="axis-line" />
                <line x1={scale(0)} y1={flip(0)} x2={scale(0)} y2={flip(1)} className="axis-line" />
                {bins.map((bin, i) => (
                    <circle key={i} cx={scale(bin.meanConfidence!)} cy={flip(bin.accuracy!)} r={3 + Math.min(6, Math.sqrt(bin.count))} className="dot">
                        <title>{`confidence ${(bin.meanConfidence! * 100).toFixed(0)}%, accuracy ${(bin.accuracy! * 100).toFixed(0)}%, ${bin.count} items`}</title>
                    </circle>
                ))}
                <text x={size / 2} y={size - 4} textAnchor="middle" className="axis">
                    confidence
                </text>
                <text x={8} y={size / 2} textAnchor="middle" className="axis" transform={`rotate(-90 8 ${size / 2})`}>
                    accuracy
                </text>
            </svg>
            <figcaption>
                {benchmark} calibration{ece !== undefined ? ` (ECE ${(ece * 100).toFixed(1)}%)` : ""}
            </figcaption>
        </figure>
    );
}
