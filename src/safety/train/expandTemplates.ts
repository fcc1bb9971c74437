/** A labelled training sentence. */
export interface TrainingExample {
    readonly text: string;
    /** 1 = harmful request (refuse), 0 = answer. */
    readonly label: 0 | 1;
}

export interface TemplateFile {
    readonly slots: Readonly<Record<string, readonly string[]>>;
    readonly templates: readonly { readonly label: 0 | 1; readonly limit: number; readonly text: string }[];
    readonly sentences?: readonly { readonly label: 0 | 1; readonly text: string }[];
}

/**
 * Expands data/safety/training/templates.yaml into distinct sentences: each template is filled
 * `limit` times with slot values drawn by a seeded generator (slots may nest), duplicates dropped.
 */
export function expandTemplates(file: TemplateFile, seed = 1): TrainingExample[] {
    let state = seed >>> 0;
    const random = (): number => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
    const fill = (text: string, depth: number): string =>
        text.replace(/\{([a-z]+)\}/g, (whole, name: string) => {
            const values = file.slots[name];
            if (values === undefined || values.length === 0 || depth > 4) return whole;
            return fill(values[Math.floor(random() * values.length)] ?? "", depth + 1);
        });
    const seen = new Set<string>();
    const out: TrainingExample[] = [];
    for (const template of file.templates) {
        for (let attempt = 0, made = 0; made < template.limit && attempt < template.limit * 6; attempt++) {
            const text = fill(template.text, 0);
            if (seen.has(text)) continue;
            seen.add(text);
            out.push({ text, label: template.label });
            made++;
        }
    }
    for (const sentence of file.sentences ?? []) out.push({ text: sentence.text, label: sentence.label });
    return out;
}
