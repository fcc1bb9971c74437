import path from "node:path";
import { fileURLToPath } from "node:url";

/** Real corpus samples shipped with the project (never copied into the repo). */
export const CORPUS_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data/corpus");

export const corpusFile = (...parts: string[]): string => path.join(CORPUS_DATA, ...parts);
