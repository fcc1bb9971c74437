import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Hex sha256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Hex sha256 of a file, streamed (model files are many GiB). */
export async function sha256File(filePath: string): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    return hash.digest("hex");
}
