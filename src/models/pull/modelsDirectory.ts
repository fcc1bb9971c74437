import { homedir } from "node:os";
import path from "node:path";

/**
 * The models directory a front end should use: an explicit flag, else `MEDITRON_MODELS_DIR` from
 * the environment it passes in, else `~/.cache/meditron/models` (`$XDG_CACHE_HOME/meditron/models`
 * when set). The library never reads process.env itself; the CLI and server pass their env here.
 */
export function resolveModelsDir(options: { flag?: string; env?: Readonly<Record<string, string | undefined>> } = {}): string {
    if (options.flag !== undefined && options.flag !== "") return path.resolve(options.flag);
    const fromEnv = options.env?.MEDITRON_MODELS_DIR;
    if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
    const cacheHome = options.env?.XDG_CACHE_HOME;
    return path.join(cacheHome !== undefined && cacheHome !== "" ? cacheHome : path.join(homedir(), ".cache"), "meditron", "models");
}
