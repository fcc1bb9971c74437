import { parentPort, threadId, workerData } from "node:worker_threads";
import { loadCorpusTokenizer } from "../tokenize/loadCorpusTokenizer.js";
import { processBatch } from "./processBatch.js";
import { isUserError } from "../../util/errors.js";
import type { WorkBatch, WorkerInit } from "./workerProtocol.js";

/*
 * Worker-thread entry: loads the vocabulary-only llama.cpp tokenizer once (with its per-thread word cache),
 * then processes batches sent by the WorkerPool. Runs only when started as a worker (it is never imported by
 * library code).
 */
const init = workerData as WorkerInit;
const port = parentPort!;
const tokenizerPromise = loadCorpusTokenizer(init.tokenizerModel).then((tokenizer) => {
    // Same ids either way, only slower: a warning, not an error. Each worker decides (and says so) on its own.
    if (tokenizer.fallbackReason !== undefined) {
        process.stderr.write(`corpus build: worker ${threadId}: word-cached tokenization is off for ${init.tokenizerModel} (${tokenizer.fallbackReason}); tokenizing whole spans with llama.cpp, which is several times slower\n`);
    }
    return tokenizer;
});
// Reported with the first batch; avoid an unhandled rejection before that.
tokenizerPromise.catch(() => undefined);

port.on("message", (message: { id: number; batch: WorkBatch } | { close: true }) => {
    if ("close" in message) {
        void tokenizerPromise.then((t) => t.dispose()).finally(() => port.close());
        return;
    }
    void (async () => {
        try {
            const tokenizer = await tokenizerPromise;
            const result = await processBatch(init, tokenizer, message.batch);
            result.tokenization = { mode: tokenizer.mode, ...(tokenizer.fallbackReason === undefined ? {} : { fallbackReason: tokenizer.fallbackReason }) };
            const transfer: ArrayBuffer[] = [];
            for (const d of result.documents) {
                if (d.tokens !== undefined) transfer.push(d.tokens.buffer as ArrayBuffer);
                if (d.bands !== undefined) transfer.push(d.bands.buffer as ArrayBuffer);
                if (d.signature !== undefined) transfer.push(d.signature.buffer as ArrayBuffer);
            }
            port.postMessage({ id: message.id, result }, transfer);
        } catch (error) {
            port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error), userError: isUserError(error) });
        }
    })();
});
