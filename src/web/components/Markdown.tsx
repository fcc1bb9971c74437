import { Fragment, type ReactNode } from "react";

/**
 * A small Markdown renderer for model answers: headings, paragraphs, lists, tables, block quotes,
 * code, bold, italic and inline code. It builds React elements (never raw HTML), so a model that
 * writes `<script>` shows the text instead of running it.
 */
export function Markdown({ text }: { text: string }) {
    return <div className="markdown">{blocks(text)}</div>;
}

function blocks(text: string): ReactNode[] {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    const out: ReactNode[] = [];
    let i = 0;
    while (i < lines.length) {
        const line = lines[i]!;
        if (line.trim() === "") {
            i++;
            continue;
        }
        const heading = /^(#{1,4})\s+(.*)$/.exec(line);
        if (heading) {
            const level = Math.min(heading[1]!.length + 2, 6);
            const Tag = `h${level}` as "h3";
            out.push(<Tag key={i}>{inline(heading[2]!)}</Tag>);
            i++;
            continue;
        }
        if (line.startsWith("```")) {
            const code: string[] = [];
            i++;
            while (i < lines.length && !lines[i]!.startsWith("```")) code.push(lines[i++]!);
            i++;
            out.push(
                <pre key={i}>
                    <code>{code.join("\n")}</code>
                </pre>
            );
            continue;
        }
        if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1]!)) {
            const header = cells(line);
            i += 2;
            const rows: string[][] = [];
            while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(cells(lines[i++]!));
            out.push(
                <div className="table-scroll" key={i}>
                    <table>
                        <thead>
                            <tr>{header.map((cell, c) => <th key={c} scope="col">{inline(cell)}</th>)}</tr>
                        </thead>
                        <tbody>
                            {rows.map((row, r) => (
                                <tr key={r}>{row.map((cell, c) => <td key={c}>{inline(cell)}</td>)}</tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            );
            continue;
        }
        if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
            const ordered = /^\s*\d+[.)]/.test(line);
            const items: string[] = [];
            while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i]!)) items.push(lines[i++]!.replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
            const List = ordered ? "ol" : "ul";
            out.push(<List key={i}>{items.map((item, n) => <li key={n}>{inline(item)}</li>)}</List>);
            continue;
        }
        if (line.startsWith(">")) {
            const quoted: string[] = [];
            while (i < lines.length && lines[i]!.startsWith(">")) quoted.push(lines[i++]!.replace(/^>\s?/, ""));
            out.push(<blockquote key={i}>{blocks(quoted.join("\n"))}</blockquote>);
            continue;
        }
        const paragraph: string[] = [];
        while (i < lines.length && lines[i]!.trim() !== "" && !/^(#{1,4}\s|```|>|\s*([-*+]|\d+[.)])\s+)/.test(lines[i]!)) paragraph.push(lines[i++]!);
        if (paragraph.length === 0) paragraph.push(lines[i++]!);
        out.push(<p key={i}>{paragraph.map((l, n) => <Fragment key={n}>{n > 0 && <br />}{inline(l)}</Fragment>)}</p>);
    }
    return out;
}

function cells(line: string): string[] {
    return line.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

function inline(text: string): ReactNode[] {
    const parts: ReactNode[] = [];
    const pattern = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/g;
    let last = 0;
    let match: RegExpExecArray | null;
    let key = 0;
    while ((match = pattern.exec(text)) !== null) {
        if (match.index > last) parts.push(text.slice(last, match.index));
        const token = match[0];
        if (token.startsWith("**")) parts.push(<strong key={key++}>{token.slice(2, -2)}</strong>);
        else if (token.startsWith("`")) parts.push(<code key={key++}>{token.slice(1, -1)}</code>);
        else parts.push(<em key={key++}>{token.slice(1, -1)}</em>);
        last = match.index + token.length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
}
