import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { UserError } from "../../../util/errors.js";

/**
 * Streams a JSON-lines file, calling `onRow` with each parsed line and its 1-based line number.
 * Blank lines are skipped; a line that is not JSON is a UserError naming file and line.
 * Streaming keeps MedMCQA's 182,822-row train.json out of one giant string.
 */
export async function readJsonLines(file: string, onRow: (value: unknown, line: number) => void): Promise<void> {
    if (!existsSync(file)) throw new UserError(`file not found: ${file}`, { expected: "an existing JSON-lines file", fix: "check the path" });
    const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
        lineNumber++;
        const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
        if (text.trim() === "") continue;
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch (error) {
            throw new UserError(`${file}:${lineNumber}: malformed JSON line`, {
                expected: "one JSON object per line (JSON lines)",
                found: `${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? "…" : ""} (${(error as Error).message})`,
                fix: "check the file is the unmodified benchmark file, one record per line"
            });
        }
        onRow(value, lineNumber);
    }
}
