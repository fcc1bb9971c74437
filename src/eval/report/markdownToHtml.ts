import { escapeXml } from "./svgCharts.js";

/**
 * Renders the small Markdown subset our reports use (headings, pipe tables, "- " lists,
 * paragraphs, **bold**, _italic_, `code`) as HTML. Text is escaped before formatting is applied,
 * so data (model names, notes) can never inject markup.
 */
export function markdownToHtml(markdown: string): string {
    const lines = markdown.split("\n");
    const out: string[] = [];
    let i = 0;
    while (i < lines.length) {
        const line = lines[i]!;
        const heading = /^(#{1,6}) (.*)$/.exec(line);
        if (heading) {
            const level = heading[1]!.length;
            out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
            i += 1;
        } else if (line.startsWith("|")) {
            const rows: string[][] = [];
            while (i < lines.length && lines[i]!.startsWith("|")) rows.push(splitRow(lines[i++]!));
            const [head, , ...body] = rows;
            out.push(
                "<table><thead><tr>" +
                    (head ?? []).map((c) => `<th>${inline(c)}</th>`).join("") +
                    "</tr></thead><tbody>" +
                    body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("") +
                    "</tbody></table>"
            );
        } else if (line.startsWith("- ")) {
            const items: string[] = [];
            while (i < lines.length && lines[i]!.startsWith("- ")) items.push(lines[i++]!.slice(2));
            out.push(`<ul>${items.map((item) => `<li>${inline(item)}</li>`).join("")}</ul>`);
        } else if (line.trim() === "") {
            i += 1;
        } else {
            const paragraph: string[] = [];
            while (i < lines.length && lines[i]!.trim() !== "" && !/^(#|\||- )/.test(lines[i]!)) paragraph.push(lines[i++]!);
            out.push(`<p>${inline(paragraph.join(" "))}</p>`);
        }
    }
    return out.join("\n");
}

function splitRow(line: string): string[] {
    const cells: string[] = [];
    let current = "";
    const body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    for (let i = 0; i < body.length; i++) {
        const ch = body[i]!;
        if (ch === "\\" && body[i + 1] === "|") {
            current += "|";
            i += 1;
        } else if (ch === "|") {
            cells.push(current.trim());
            current = "";
        } else current += ch;
    }
    cells.push(current.trim());
    return cells;
}

function inline(text: string): string {
    return escapeXml(text)
        .replace(/`([^`]+)`/g, "<code>$1</code>")
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,:;])/g, "$1<em>$2</em>");
}
