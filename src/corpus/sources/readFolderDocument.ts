import { readFile } from "node:fs/promises";
import path from "node:path";
import type { RawDocument } from "../types.js";
import { htmlToMarkdown } from "./htmlToMarkdown.js";

/** File extensions a guidelines folder source reads. */
export const FOLDER_EXTENSIONS = [".html", ".htm", ".md", ".markdown", ".txt", ".pdf"];

/**
 * One guideline document from a folder: HTML (converted to Markdown), Markdown or text (as is), or PDF
 * (text extracted with `unpdf`, pages joined by blank lines). Title: HTML <title>, first `# ` heading,
 * first line, or the file name.
 */
export async function readFolderDocument(file: string, id: string): Promise<RawDocument> {
    const ext = path.extname(file).toLowerCase();
    let text: string;
    let title = "";
    if (ext === ".pdf") {
        const { extractText, getDocumentProxy } = await import("unpdf");
        const data = new Uint8Array(await readFile(file));
        const pdf = await getDocumentProxy(data);
        try {
            const result = await extractText(pdf, { mergePages: false });
            text = (result.text as string[]).join("\n\n");
        } finally {
            await pdf.destroy();
        }
    } else {
        const raw = await readFile(file, "utf8");
        if (ext === ".html" || ext === ".htm") ({ title, text } = htmlToMarkdown(raw));
        else text = raw;
    }
    if (title === "") {
        const heading = /^#\s+(.+)$/m.exec(text);
        title = heading !== null ? heading[1]!.trim() : (text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "");
    }
    if (title === "") title = path.basename(file, ext);
    return { id, title, text };
}
