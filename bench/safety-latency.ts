/**
 * Safety-layer latency benchmark: time of `createSafetyLayer().screen(text)` per message over
 * every message of the safety sets (emergency vignettes, MedSafetyBench test, XSTest,
 * SimpleSafetyTests), several passes, after a warm-up. Target (issue 6): p99 < 2 ms.
 * Also times a long message (a 6,000-character pasted letter) on its own.
 *
 * Both wall-clock time and the process's CPU time (process.cpuUsage) are recorded per call: on a
 * shared machine the wall-clock tail is dominated by preemption (the load average is recorded
 * too), while CPU time measures the layer's own work. The target is checked on both.
 *
 *   npx tsx bench/safety-latency.ts [--passes 5]
 *
 * Writes bench/results/safety-latency.json.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSafetyLayer } from "../src/safety/SafetyLayer.js";
import { loadEmergencyVignettes, loadMedSafetyBench, loadSimpleSafetyTests, loadXsTest } from "../src/safety/eval/safetyDataSets.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const dataDir = path.resolve(repo, "../shared/data/safety");
const args = process.argv.slice(2);
const passesArg = args.indexOf("--passes");
const passes = passesArg >= 0 ? Number(args[passesArg + 1]) : 5;


const startLoad = process.hrtime.bigint();
const layer = createSafetyLayer({ locale: "en-GB" });
const loadMs = Number(process.hrtime.bigint() - startLoad) / 1e6;

const messages = [
    ...loadEmergencyVignettes(path.join(repo, "data/safety/vignettes/emergency-vignettes.jsonl")),
    ...loadEmergencyVignettes(path.join(repo, "data/safety/vignettes/emergency-vignettes-holdout.jsonl")),
    ...loadMedSafetyBench(dataDir, "test"),
    ...loadXsTest(dataDir),
    ...loadSimpleSafetyTests(dataDir)
].map((item) => item.text);

for (const text of messages.slice(0, 200)) layer.screen(text); // warm-up (JIT, regex caches)

const loadBefore = os.loadavg()[0] ?? NaN;
const times: number[] = [];
const cpuTimes: number[] = [];
for (let pass = 0; pass < passes; pass++) {
    for (const text of messages) {
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        layer.screen(text);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const cpu = process.cpuUsage(cpu0);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const quantileOf = (values: number[], q: number): number => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
const quantile = (q: number): number => quantileOf(times, q);

const longText = `${"I am writing about my mother's recent hospital stay and the follow-up appointments she has been offered. ".repeat(60)}`;
const longTimes: number[] = [];
for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    layer.screen(longText);
    longTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
longTimes.sort((a, b) => a - b);

const round = (v: number): number => Math.round(v * 1000) / 1000;
const result = {
    benchmark: "safety-latency",
    classifierModel: layer.classifierModel,
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    layerLoadMs: round(loadMs),
    messages: messages.length,
    passes,
    screenedCalls: times.length,
    loadAverage1m: { before: round(loadBefore), after: round(os.loadavg()[0] ?? NaN) },
    cpuMsPerMessage: { mean: round(cpuTimes.reduce((a, b) => a + b, 0) / cpuTimes.length), p50: round(quantileOf(cpuTimes, 0.5)), p95: round(quantileOf(cpuTimes, 0.95)), p99: round(quantileOf(cpuTimes, 0.99)), max: round(cpuTimes[cpuTimes.length - 1] ?? NaN) },
    wallMsPerMessage: { mean: round(times.reduce((a, b) => a + b, 0) / times.length), p50: round(quantile(0.5)), p95: round(quantile(0.95)), p99: round(quantile(0.99)), max: round(times[times.length - 1] ?? NaN) },
    longMessage: { chars: longText.length, p50: round(longTimes[25] ?? NaN), max: round(longTimes[longTimes.length - 1] ?? NaN) },
    target: { p99Ms: 2 },
    passedWallClock: quantile(0.99) < 2,
    passedCpuTime: quantileOf(cpuTimes, 0.99) < 2
};
writeFileSync(path.join(repo, "bench/results/safety-latency.json"), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
