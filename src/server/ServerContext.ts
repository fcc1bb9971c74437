import type { LanguageModel } from "../models/LanguageModel.js";
import type { SafetyGate } from "../tasks/TaskAnswer.js";
import type { AuditLog } from "./AuditLog.js";
import type { ChatFormat } from "./chatPrompt.js";
import type { ConversationStore } from "./ConversationStore.js";
import type { EvaluationRuns } from "./EvaluationRuns.js";
import type { Metrics } from "./Metrics.js";
import type { SlotScheduler } from "./SlotScheduler.js";

/** Everything the routes need, built once by `createServerContext` and shared by all requests. */
export interface ServerContext {
    readonly model: LanguageModel;
    readonly scheduler: SlotScheduler;
    readonly metrics: Metrics;
    readonly chatFormat: ChatFormat;
    /** Every request's work is cancelled when this aborts (shutdown deadline passed). */
    readonly shutdownSignal: AbortSignal;
    readonly timeoutMs: number;
    readonly safety?: SafetyGate;
    readonly audit?: AuditLog;
    readonly conversations?: ConversationStore;
    readonly evaluations?: EvaluationRuns;
    /** Settings shown read-only in the web app's settings panel. */
    readonly publicSettings: Readonly<Record<string, string | number | boolean>>;
}
