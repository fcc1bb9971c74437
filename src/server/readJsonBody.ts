import type { Context } from "hono";
import { ApiError } from "./ApiError.js";

/**
 * Parses the request body as JSON; anything else is a 4xx (never a 500). A JSON body sent with
 * curl's default form Content-Type is accepted, since `curl -d '{…}'` is how people try an API.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
    const type = c.req.header("content-type") ?? "";
    const declaredJson = type === "" || /^application\/(.+\+)?json\b/i.test(type) || /^text\/plain\b/i.test(type);
    const text = await c.req.text();
    if (text.trim() === "") throw new ApiError(400, "the request body is empty; send a JSON object", { code: "invalid_body" });
    try {
        return JSON.parse(text) as unknown;
    } catch (error) {
        if (!declaredJson) {
            throw new ApiError(415, `the request body must be JSON (Content-Type: application/json), found ${JSON.stringify(type)}`, { code: "unsupported_media_type" });
        }
        throw new ApiError(400, `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { code: "invalid_json" });
    }
}
