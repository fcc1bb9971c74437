import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../util/errors.js";

/** Files of the given paths: files as given, folders listed recursively, sorted, filtered by `accept`. */
export async function listInputFiles(paths: readonly string[], accept: (file: string) => boolean, what: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true });
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
            if (e.name.startsWith(".")) continue;
            const full = path.join(dir, e.name);
            if (e.isDirectory()) await walk(full);
            else if (e.isFile() && accept(full)) out.push(full);
        }
    };
    for (const p of paths) {
        let info;
        try {
            info = await stat(p);
        } catch {
            throw new UserError(`input path for ${what} does not exist: ${p}`, { expected: "an existing file or folder", fix: "fix the path in the config (relative paths resolve against the config file's folder)" });
        }
        if (info.isDirectory()) await walk(p);
        else out.push(p);
    }
    return out;
}
