import type { RequestTrack } from "./RequestTrack.js";

/** Hono environment of the app: per-request variables set by the middleware. */
export interface AppEnv {
    Variables: {
        track: RequestTrack;
        /** Who is calling, for the audit log: "key#1:ab12cd34" or "anonymous". */
        caller: string;
    };
}
