/**
 * Runs `task` over `inputs` with at most `concurrency` in flight, starting them in input order
 * (so requests that share a prompt prefix reach the backend one after another), and returns
 * the results in input order. Stops starting new work once `signal` aborts or a task fails,
 * then rejects with that reason after the tasks in flight settle.
 */
export async function runInOrder<I, O>(inputs: readonly I[], concurrency: number, signal: AbortSignal | undefined, task: (input: I, index: number) => Promise<O>): Promise<O[]> {
    const results = new Array<O>(inputs.length);
    let next = 0;
    let failure: { reason: unknown } | null = null;
    const worker = async (): Promise<void> => {
        while (failure === null && next < inputs.length) {
            if (signal?.aborted) {
                failure = { reason: signal.reason };
                return;
            }
            const index = next++;
            try {
                results[index] = await task(inputs[index]!, index);
            } catch (error) {
                failure ??= { reason: signal?.aborted ? signal.reason : error };
                return;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker));
    if (failure !== null) throw (failure as { reason: unknown }).reason;
    return results;
}
