const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", bull: "•", deg: "°", plusmn: "±", micro: "µ", times: "×" };

export function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
        if (body[0] === "#") {
            const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
            return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
        }
        return ENTITIES[body.toLowerCase()] ?? whole;
    });
}

/**
 * Minimal HTML -> Markdown, in the spirit of the `markdownify` output MediTron's scrapers stored:
 * headings become `#`..`######`, list items `- `, paragraphs and line breaks newlines; scripts, styles
 * and tags are removed, entities decoded. Good enough for guideline pages saved to disk.
 */
export function htmlToMarkdown(html: string): { title: string; text: string } {
    const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
    let s = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style|head|nav|noscript)\b[\s\S]*?<\/\1>/gi, "");
    s = s.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_, level: string, inner: string) => `\n\n${"#".repeat(Number(level))} ${inner.replace(/<[^>]+>/g, "").trim()}\n\n`);
    s = s.replace(/<li\b[^>]*>/gi, "\n* ").replace(/<\/li>/gi, "");
    s = s.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|div|tr|ul|ol|table|section|article|blockquote)>/gi, "\n\n").replace(/<(p|div|tr)\b[^>]*>/gi, "\n");
    s = s.replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/gi, "**$2**");
    s = s.replace(/<[^>]+>/g, "");
    s = decodeEntities(s).replace(/[ \t\u00a0]+/g, " ").replace(/ *\n */g, "\n").replace(/\n{3,}/g, "\n\n").trim();
    return { title: titleMatch === null ? "" : decodeEntities(titleMatch[1]!.replace(/<[^>]+>/g, "")).trim(), text: s };
}
