import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { synthesizeModel } from "../../src/models/gguf/synthesizeModel.js";
import type { PresetName } from "../../src/models/gguf/modelPresets.js";

/** Bump when the synthesizer's output changes, so stale cached files are not reused. */
const FORMAT_REVISION = 1;

const pending = new Map<string, Promise<string>>();

/**
 * Path of a synthetic MediTron GGUF for tests, written once into os.tmpdir() and reused while it
 * exists (the file name is a hash of the options, and files appear atomically, so a cached file
 * is always complete). `constantAnswer` makes the model answer that text's token after any
 * prompt (P > 0.99); `seed` changes the random weights.
 *
 * Keep this signature stable: tests across the project import it.
 */
export async function syntheticModelPath(
    preset: PresetName = "tiny",
    extra?: { constantAnswer?: string; seed?: number }
): Promise<string> {
    const options = { preset, seed: extra?.seed ?? 1, constantAnswer: extra?.constantAnswer, revision: FORMAT_REVISION };
    const hash = createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 16);
    const file = path.join(tmpdir(), `meditron-synthetic-${preset}-${hash}.gguf`);
    let promise = pending.get(file);
    if (promise === undefined) {
        promise = existsSync(file)
            ? Promise.resolve(file)
            : synthesizeModel({
                outputPath: file,
                preset,
                seed: options.seed,
                ...(options.constantAnswer === undefined ? {} : { constantAnswer: options.constantAnswer })
            }).then((result) => result.path);
        pending.set(file, promise);
        promise.catch(() => pending.delete(file));
    }
    return promise;
}
