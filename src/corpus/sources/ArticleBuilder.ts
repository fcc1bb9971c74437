/**
 * Builds a full-text paper in MediTron's S2ORC formatting (`gap-replay/pubmed/process.py` format_article):
 * section headers as `#`/`##`, in-text citations as ` [bib_ref] title, author [/bib_ref] `, figure/table
 * references as ` [fig_ref] Figure N: summary [/fig_ref] `, captions as `[fig]`/`[table]` blocks,
 * display formulas as `[formula]` blocks. Used by both the JATS and the S2ORC parsers.
 */
export const MAIN_SECTION_HEADERS = [
    "Abstract", "Introduction", "Background", "Related", "Method", "Material", "Result", "Analysis", "Discussion",
    "Conclusion", "Contribution", "Statement", "Declaration", "Strength", "Limitation", "Future research", "Funding",
    "Disclosure", "Acknowledgment", "Ethical", "Tables", "Figures", "Appendix"
];

export function isMainSectionHeader(section: string): boolean {
    if (section.split(" ").length > 3) return false;
    const lower = section.toLowerCase();
    return MAIN_SECTION_HEADERS.some((h) => lower.includes(h.toLowerCase()));
}

/** Truncates to `maxWords` words with "..." (MediTron's bib title and caption rule). */
export function truncateWords(text: string, maxWords: number): string {
    const words = text.trim().split(/\s+/u).filter((w) => w !== "");
    return words.length > maxWords ? `${words.slice(0, maxWords).join(" ")}...` : text.trim();
}

/** `summarize_caption`: first clause if longer than 20 characters, then at most 12 words. */
export function summarizeCaption(caption: string, maxWords = 12): string {
    let out = caption;
    if (out.length > 20) out = out.split(/[.;:()]/)[0] ?? "";
    return truncateWords(out, maxWords);
}

/** Normalises a figure label as format_fig does ("Fig. 2" -> "Figure 2", no ":()"). */
export function figureName(label: string): string {
    return label.replace(/\s+/g, " ").replace(" .", " ").replace(/[:()]/g, "").replace("Fig.", "Figure").replace("Tab.", "Table").trim().replace(/[.]$/, "");
}

export class ArticleBuilder {
    private text = "";
    private readonly addedFigures: string[] = [];

    heading(title: string): void {
        const t = title.trim();
        if (t === "") return;
        const capitalised = t[0]!.toUpperCase() + t.slice(1).toLowerCase();
        this.text += isMainSectionHeader(capitalised) ? `\n# ${capitalised}\n` : `\n## ${capitalised}\n`;
    }

    /** Body text; MediTron strips each part and turns bullets into "- ". */
    plain(part: string): void {
        const p = part.trim().replace(/•/g, "- ");
        if (p !== "") this.text += p;
    }

    /** Raw text kept verbatim (spaces between inline elements inside a paragraph). */
    raw(part: string): void {
        this.text += part.replace(/•/g, "- ");
    }

    paragraphBreak(): void {
        this.text += "\n";
    }

    /** In-text citation; unresolvable references become a single space, as in MediTron. */
    bibRef(title: string | undefined, firstAuthorLastName: string | undefined): void {
        if (title === undefined || title.trim() === "" || firstAuthorLastName === undefined || firstAuthorLastName.trim() === "") {
            this.text += " ";
            return;
        }
        this.text += ` [bib_ref] ${truncateWords(title, 12)}, ${firstAuthorLastName.trim()} [/bib_ref] `;
    }

    figRef(label: string, caption: string): void {
        const name = figureName(label);
        const summary = summarizeCaption(caption).replace(/^[.,)\s]+/, "");
        const str = `${name === "" ? "" : `${name}: `}${summary}`;
        if (str.trim() !== "") this.text += ` [fig_ref] ${str} [/fig_ref] `;
    }

    /** A figure or table caption block (table content itself is discarded, as in MediTron). */
    figure(label: string, caption: string, isTable: boolean): void {
        const name = figureName(label);
        const cap = caption.trim().replace(/^[.,)\s]+/, "");
        if (name === "" || cap === "") return;
        const str = `${name}: ${cap}`;
        const key = name.toLowerCase();
        if (str.toLowerCase().includes("continued") || this.addedFigures.includes(key)) return;
        this.addedFigures.push(key);
        const [open, close] = isTable ? ["[table]", "[/table]"] : ["[fig]", "[/fig]"];
        this.text += `\n${open} ${str} ${close}\n`;
    }

    formula(content: string): void {
        const c = content.trim().replace(/\s+/g, " ");
        if (c !== "") this.text += `\n[formula] ${c} [/formula]\n`;
    }

    /** Final whitespace rules of format_article, then `title + "\n\n"` in front. */
    finish(title: string): string {
        let t = this.text.replace(/\n+/g, "\n");
        t = t.replace(/\n# /g, "\n\n# ").replace(/\n## /g, "\n\n## ").replace(/ +/g, " ");
        t = t.replace(/\[\/fig_ref\] \./g, "[/fig_ref].").replace(/\[\/bib_ref\] \./g, "[/bib_ref].");
        t = t.replace(/^[ \n]+/, "").replace(/[ \n]+$/, "");
        return title.trim() === "" ? t : `${title.trim()}\n\n${t}`;
    }
}
