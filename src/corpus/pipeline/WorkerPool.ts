import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkBatch, WorkerInit, WorkResult } from "./workerProtocol.js";
import { UserError } from "../../util/errors.js";

interface Pending { resolve: (r: WorkResult) => void; reject: (e: Error) => void }

/**
 * A fixed set of worker threads, each with its own tokenizer. Batches go to the least busy worker;
 * `run` resolves with that batch's result. When the library runs from TypeScript sources (tests, tsx),
 * workers load the .ts entry through tsx.
 */
export class WorkerPool {
    private readonly workers: Worker[] = [];
    private readonly busy: number[] = [];
    private readonly pending = new Map<number, Pending>();
    private readonly owner = new Map<number, number>();
    private nextId = 1;
    private failure: Error | undefined;

    constructor(size: number, init: WorkerInit) {
        const fromSource = import.meta.url.endsWith(".ts");
        const entry = new URL(fromSource ? "./corpusWorker.ts" : "./corpusWorker.js", import.meta.url);
        for (let i = 0; i < size; i++) {
            const worker = fromSource ? sourceWorker(entry, init) : new Worker(entry, { workerData: init });
            worker.on("message", (m: { id: number; result?: WorkResult; error?: string; userError?: boolean }) => {
                const p = this.pending.get(m.id);
                if (p === undefined) return;
                this.pending.delete(m.id);
                this.busy[this.owner.get(m.id)!]!--;
                this.owner.delete(m.id);
                // A UserError raised in a worker (e.g. a tokenizer without MediTron's tokens) stays a UserError here.
                if (m.error !== undefined) p.reject(m.userError === true ? new UserError(m.error) : new Error(m.error));
                else p.resolve(m.result!);
            });
            worker.on("error", (e) => this.failAll(e));
            worker.on("exit", (code) => {
                if (code !== 0) this.failAll(new Error(`corpus worker exited with code ${code}`));
            });
            this.workers.push(worker);
            this.busy.push(0);
        }
    }

    private failAll(error: Error): void {
        this.failure ??= error;
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
    }

    run(batch: WorkBatch): Promise<WorkResult> {
        if (this.failure !== undefined) return Promise.reject(this.failure);
        let best = 0;
        for (let i = 1; i < this.workers.length; i++) if (this.busy[i]! < this.busy[best]!) best = i;
        const id = this.nextId++;
        this.busy[best]!++;
        this.owner.set(id, best);
        return new Promise<WorkResult>((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            this.workers[best]!.postMessage({ id, batch });
        });
    }

    async close(): Promise<void> {
        await Promise.all(this.workers.map((w) => new Promise<void>((resolve) => {
            w.once("exit", () => resolve());
            w.postMessage({ close: true });
            setTimeout(() => void w.terminate(), 2000).unref();
        })));
    }
}

/** Running from TypeScript sources (tests): register tsx's loader inside the worker, then import the .ts entry. */
function sourceWorker(entry: URL, init: WorkerInit): Worker {
    const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const tsxApi = pathToFileURL(path.join(tsxDir, "dist/esm/api/index.mjs")).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
    return new Worker(bootstrap, { eval: true, workerData: init });
}
