import path from "node:path";
import { parse as parseYaml } from "yaml";
import { UserError } from "../../util/errors.js";
import { SOURCE_TYPES, type CorpusConfig, type DedupStoreKind, type CorpusSourceConfig, type SourceType } from "./CorpusConfig.js";
import type { SourceKind } from "../types.js";
import { hasRecipe, defaultRecipeFor } from "../clean/recipes.js";

/** Validation split per kind, as in MediTron: guidelines 5%, papers and abstracts 3%, replay none. */
export const DEFAULT_VALIDATION_FRACTION: Readonly<Record<SourceKind, number>> = { guidelines: 0.05, papers: 0.03, abstracts: 0.03, replay: 0 };

type Json = unknown;

/** Reads values out of the parsed YAML and throws a UserError naming the key path on any mismatch. */
class Reader {
    constructor(private readonly file: string) {}

    fail(keyPath: string, expected: string, found: Json): never {
        throw new UserError(`invalid corpus config ${this.file} at \`${keyPath}\``, {
            expected,
            found: found === undefined ? "nothing" : JSON.stringify(found),
            fix: "edit the config file (see docs/corpus.md for every key)"
        });
    }

    object(value: Json, keyPath: string, allowed: readonly string[]): Record<string, Json> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(keyPath, "a mapping", value);
        const record = value as Record<string, Json>;
        for (const key of Object.keys(record)) {
            if (!allowed.includes(key)) this.fail(`${keyPath}.${key}`, `one of the keys ${allowed.join(", ")}`, key);
        }
        return record;
    }

    number(value: Json, keyPath: string, fallback: number, min: number, max: number, integer = false): number {
        if (value === undefined) return fallback;
        if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
            this.fail(keyPath, `${integer ? "an integer" : "a number"} from ${min} to ${max}`, value);
        }
        return value;
    }

    boolean(value: Json, keyPath: string, fallback: boolean): boolean {
        if (value === undefined) return fallback;
        if (typeof value !== "boolean") this.fail(keyPath, "true or false", value);
        return value;
    }

    string(value: Json, keyPath: string, fallback?: string): string {
        if (value === undefined && fallback !== undefined) return fallback;
        if (typeof value !== "string" || value.length === 0) this.fail(keyPath, "a non-empty string", value);
        return value;
    }

    stringList(value: Json, keyPath: string): string[] {
        if (typeof value === "string") return [value];
        if (!Array.isArray(value) || value.length === 0) this.fail(keyPath, "a path or a non-empty list of paths", value);
        return value.map((item, i) => this.string(item, `${keyPath}[${i}]`));
    }
}

/**
 * Parses and validates a corpus build config (YAML). Relative paths resolve against `baseDir`.
 * Every error names the offending key path, what was expected and what was found.
 */
export function parseCorpusConfig(yamlText: string, baseDir: string, fileLabel = "config"): CorpusConfig {
    let document: Json;
    try {
        document = parseYaml(yamlText);
    } catch (error) {
        throw new UserError(`corpus config ${fileLabel} is not valid YAML`, {
            found: error instanceof Error ? error.message.split("\n")[0] : String(error),
            fix: "fix the YAML syntax",
            cause: error
        });
    }
    const r = new Reader(fileLabel);
    const root = r.object(document, "(root)", ["seed", "sources", "dedup", "mixing", "tokenizer", "output", "workers", "filesPerShard"]);
    const resolve = (p: string): string => path.resolve(baseDir, p);

    const rawSources = root.sources;
    if (!Array.isArray(rawSources) || rawSources.length === 0) r.fail("sources", "a non-empty list of sources", rawSources);
    const names = new Set<string>();
    const sources: CorpusSourceConfig[] = (rawSources as Json[]).map((raw: Json, i: number) => {
        const at = `sources[${i}]`;
        const s = r.object(raw, at, ["name", "type", "path", "paths", "validation", "weight", "recipe", "textField", "metadata", "filters"]);
        const type = r.string(s.type, `${at}.type`) as SourceType;
        if (!(type in SOURCE_TYPES)) r.fail(`${at}.type`, `one of ${Object.keys(SOURCE_TYPES).join(", ")}`, s.type);
        const kind = SOURCE_TYPES[type];
        const name = r.string(s.name, `${at}.name`);
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) r.fail(`${at}.name`, "letters, digits, '_', '.', '-'", name);
        if (names.has(name)) r.fail(`${at}.name`, "a name not used by another source", name);
        names.add(name);
        if (s.path !== undefined && s.paths !== undefined) r.fail(`${at}.paths`, "either `path` or `paths`, not both", s.paths);
        const paths = r.stringList(s.paths ?? s.path, `${at}.${s.paths !== undefined ? "paths" : "path"}`).map(resolve);
        const recipe = r.string(s.recipe, `${at}.recipe`, defaultRecipeFor(kind));
        if (!hasRecipe(recipe)) r.fail(`${at}.recipe`, "a known cleaning recipe (see docs/corpus.md)", recipe);
        const f = s.filters === undefined ? {} : r.object(s.filters, `${at}.filters`, ["english", "minChars", "maxChars"]);
        const minChars = r.number(f.minChars, `${at}.filters.minChars`, 10, 0, Number.MAX_SAFE_INTEGER, true);
        const maxChars = r.number(f.maxChars, `${at}.filters.maxChars`, 10_000_000, 1, Number.MAX_SAFE_INTEGER, true);
        if (maxChars < minChars) r.fail(`${at}.filters.maxChars`, `a value >= minChars (${minChars})`, maxChars);
        return {
            name, type, kind, paths,
            validationFraction: r.number(s.validation, `${at}.validation`, DEFAULT_VALIDATION_FRACTION[kind], 0, 1),
            weight: r.number(s.weight, `${at}.weight`, 1, 0, 1000),
            recipe,
            textField: r.string(s.textField, `${at}.textField`, kind === "guidelines" ? "clean_text" : "text"),
            metadata: s.metadata === undefined ? [] : r.stringList(s.metadata, `${at}.metadata`).map(resolve),
            filters: { english: r.boolean(f.english, `${at}.filters.english`, kind !== "replay"), minChars, maxChars }
        };
    });

    const d = root.dedup === undefined ? {} : r.object(root.dedup, "dedup", ["exact", "abstractsVsFullText", "nearDuplicates", "store", "memoryMB"]);
    const store = r.string(d.store, "dedup.store", "disk") as DedupStoreKind;
    if (store !== "disk" && store !== "memory") r.fail("dedup.store", "`disk` (SQLite in the work folder, bounded memory) or `memory` (faster, ~580 bytes per kept document)", store);
    const nd = d.nearDuplicates === undefined ? {} : r.object(d.nearDuplicates, "dedup.nearDuplicates", ["enabled", "shingleSize", "bands", "rowsPerBand", "threshold"]);
    const m = root.mixing === undefined ? {} : r.object(root.mixing, "mixing", ["mode", "replayTokenFraction"]);
    const mode = r.string(m.mode, "mixing.mode", "meditron");
    if (mode !== "meditron" && mode !== "weights") r.fail("mixing.mode", "`meditron` (all sources once + replay to a token fraction) or `weights`", mode);
    if (mode === "weights" && m.replayTokenFraction !== undefined) r.fail("mixing.replayTokenFraction", "no replayTokenFraction with mode `weights` (use the replay source's weight)", m.replayTokenFraction);
    const t = root.tokenizer === undefined ? {} : r.object(root.tokenizer, "tokenizer", ["model"]);
    const o = r.object(root.output, "output", ["dir", "prefix", "jsonl"]);
    const prefix = r.string(o.prefix, "output.prefix", "gap-replay");
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) r.fail("output.prefix", "letters, digits, '_', '.', '-'", prefix);

    return {
        baseDir,
        seed: r.number(root.seed, "seed", 42, 0, 2 ** 32 - 1, true),
        sources,
        dedup: {
            exact: r.boolean(d.exact, "dedup.exact", true),
            abstractsVsFullText: r.boolean(d.abstractsVsFullText, "dedup.abstractsVsFullText", true),
            nearDuplicates: {
                enabled: r.boolean(nd.enabled, "dedup.nearDuplicates.enabled", true),
                shingleSize: r.number(nd.shingleSize, "dedup.nearDuplicates.shingleSize", 5, 1, 64, true),
                bands: r.number(nd.bands, "dedup.nearDuplicates.bands", 16, 1, 256, true),
                rowsPerBand: r.number(nd.rowsPerBand, "dedup.nearDuplicates.rowsPerBand", 6, 1, 64, true),
                threshold: r.number(nd.threshold, "dedup.nearDuplicates.threshold", 0.8, 0, 1)
            },
            store,
            memoryMB: r.number(d.memoryMB, "dedup.memoryMB", 256, 1, 1_048_576, true)
        },
        mixing: mode === "meditron"
            ? { mode: "meditron" as const, replayTokenFraction: r.number(m.replayTokenFraction, "mixing.replayTokenFraction", 0.01, 0, 0.99) }
            : { mode: "weights" as const },
        tokenizer: { model: t.model === undefined ? undefined : resolve(r.string(t.model, "tokenizer.model")) },
        output: {
            dir: resolve(r.string(o.dir, "output.dir")),
            prefix,
            jsonl: r.boolean(o.jsonl, "output.jsonl", true)
        },
        workers: r.number(root.workers, "workers", 2, 1, 256, true),
        filesPerShard: r.number(root.filesPerShard, "filesPerShard", 500, 1, 1e7, true)
    };
}
