import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shared benchmark data (never copied into the repo). */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data/benchmarks");
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/prompts");
