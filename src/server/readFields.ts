import { ApiError, invalidField } from "./ApiError.js";

/**
 * Typed readers for JSON request bodies. Each returns the value or `undefined` when absent, and
 * throws a 400 naming the field when present with the wrong type or out of range.
 */
export type JsonObject = Record<string, unknown>;

export function requireObject(body: unknown): JsonObject {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new ApiError(400, "the request body must be a JSON object", { param: null, code: "invalid_body" });
    }
    return body as JsonObject;
}

export function optionalString(body: JsonObject, field: string): string | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw invalidField(field, `\`${field}\` must be a string, found ${describe(value)}`);
    return value;
}

export function requiredString(body: JsonObject, field: string): string {
    const value = optionalString(body, field);
    if (value === undefined || value.trim() === "") throw invalidField(field, `\`${field}\` is required: a non-empty string`);
    return value;
}

export function optionalNumber(body: JsonObject, field: string, range: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) throw invalidField(field, `\`${field}\` must be a number, found ${describe(value)}`);
    if (range.integer === true && !Number.isInteger(value)) throw invalidField(field, `\`${field}\` must be an integer, found ${value}`);
    if (range.min !== undefined && value < range.min) throw invalidField(field, `\`${field}\` must be ${range.min === Number.MIN_VALUE ? "> 0" : `>= ${range.min}`}, found ${value}`);
    if (range.max !== undefined && value > range.max) throw invalidField(field, `\`${field}\` must be <= ${range.max}, found ${value}`);
    return value;
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw invalidField(field, `\`${field}\` must be true or false, found ${describe(value)}`);
    return value;
}

/** `stop`: a string or up to 4 strings, as in the OpenAI API. */
export function optionalStop(body: JsonObject): string[] | undefined {
    const value = body.stop;
    if (value === undefined || value === null) return undefined;
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length > 4 || list.some((item) => typeof item !== "string" || item === "")) {
        throw invalidField("stop", `\`stop\` must be a non-empty string or an array of up to 4 non-empty strings, found ${describe(value)}`);
    }
    return list as string[];
}

export function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    return `${typeof value} ${typeof value === "object" ? "" : String(value)}`.trim();
}
