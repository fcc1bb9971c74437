import path from "node:path";
import { UserError } from "../util/errors.js";
import type { LanguageModel } from "../models/LanguageModel.js";
import { HarmClassifier } from "./classifier/HarmClassifier.js";
import { safetyDataDirectory } from "./dataDirectory.js";
import { EmergencyTriage, type EmergencyMatch } from "./EmergencyTriage.js";
import { fillContacts, resolveEmergencyContacts, type EmergencyContacts } from "./EmergencyContacts.js";
import { finalizeAnswer, type FinalizeOptions, type FinalizedAnswer } from "./finalizeAnswer.js";
import { createModelJudge, type SafetyJudge } from "./ModelJudge.js";
import { IntentDetectors } from "./intent/IntentDetectors.js";
import { messageExemptions } from "./messageExemptions.js";
import { RequestRules, type RuleMatch } from "./RefusalRules.js";
import { compileMatchContext } from "./rules/MatchContext.js";
import { compilePattern } from "./rules/compilePattern.js";
import { loadRuleFiles, readYamlObject } from "./rules/loadRuleFiles.js";
import type { SafetyDecision } from "./SafetyDecision.js";
import { normalizeText } from "./text/normalizeText.js";

export interface SafetyLayerOptions {
    /** Locale or country for emergency numbers ("en-GB", "en-US", "AU"); default: "your local emergency number". */
    readonly locale?: string;
    /** Directory holding rules/, models/ and locales.yaml; defaults to the package's data/safety. */
    readonly dataDirectory?: string;
    /** Use the shipped harm classifier where rules fall short (default true). */
    readonly classifier?: boolean;
    /**
     * A harm classifier to use instead of the shipped one (data/safety/models/harm-classifier.json):
     * for example `HarmClassifier.fromFile(path)` on weights you trained with
     * src/safety/train/trainHarmClassifier.ts on your own data. Ignored when `classifier` is false.
     */
    readonly harmClassifier?: HarmClassifier;
    /** Optional model-based judge consulted by screenWithJudge (a LanguageModel or a SafetyJudge). */
    readonly judge?: LanguageModel | SafetyJudge;
}

/** The one safety entry point used by the CLI, the library and the server. */
export interface SafetyLayer {
    readonly contacts: EmergencyContacts;
    /** Which harm classifier screens messages: the shipped one, one passed in, or null when it is switched off. */
    readonly classifierModel: "default" | "custom" | null;
    /** Whether a model judge is configured (used by screenWithJudge). */
    readonly hasJudge: boolean;
    /** Screens a user message before the model (rules + shipped classifier; synchronous, no model call). */
    screen(text: string): SafetyDecision;
    /** screen(), then, when it allows the message and a judge is configured, asks the judge too. */
    screenWithJudge(text: string, options?: { signal?: AbortSignal }): Promise<SafetyDecision>;
    /** Wraps the model's answer according to the decision (disclaimer always; hedging; unsure wording). */
    finalize(answer: string, decision: SafetyDecision, options?: FinalizeOptions): FinalizedAnswer;
}

/** Longest message screened in full; longer ones are screened on their first part and last part. */
const MAX_SCREENED_CHARS = 8000;

/**
 * Builds the safety layer: loads the rule files, lexicon, context settings, locale contacts and
 * classifier weights once (file reads happen here, never at import time).
 */
export function createSafetyLayer(options: SafetyLayerOptions = {}): SafetyLayer {
    const dataDir = options.dataDirectory ?? safetyDataDirectory();
    const rulesDir = path.join(dataDir, "rules");
    const lexicon = readYamlObject(path.join(rulesDir, "lexicon.yaml")) as Record<string, string>;
    const contextFile = path.join(rulesDir, "context.yaml");
    const contextSettings = readYamlObject(contextFile);
    const context = compileMatchContext(contextSettings, lexicon);
    const triage = new EmergencyTriage(orderByPriority(loadRuleFiles(path.join(rulesDir, "emergency"))), lexicon, context);
    const refusalFiles = loadRuleFiles(path.join(rulesDir, "refusal"));
    const refusals = new RequestRules(refusalFiles, lexicon);
    const hedging = new RequestRules(loadRuleFiles(path.join(rulesDir, "hedging")), lexicon);
    const intents = IntentDetectors.load(dataDir);
    if (options.harmClassifier !== undefined && !(options.harmClassifier instanceof HarmClassifier)) {
        throw new UserError("harmClassifier must be a HarmClassifier", { expected: "HarmClassifier.fromFile(path) or new HarmClassifier(weights)", found: typeof options.harmClassifier });
    }
    const classifier = options.classifier === false ? null : (options.harmClassifier ?? HarmClassifier.fromFile(path.join(dataDir, "models", "harm-classifier.json")));
    const contacts = resolveEmergencyContacts(options.locale, dataDir);
    const classifierDomain = readClassifierDomain(contextSettings, lexicon);
    const vetoThreshold = classifier?.vetoThreshold ?? null;
    // Intent detectors report under refusal categories too (violence, privacy), so the files name them all.
    const neverOverruled = readCategoryList(contextSettings, "neverOverruled", new Set(refusalFiles.map((f) => f.category)));
    const explanationPatterns = {
        classifierSkip: readOptionalPattern(contextSettings, "classifierSkip", lexicon),
        legalityQuestion: readOptionalPattern(contextSettings, "legalityQuestion", lexicon)
    };
    const judge = options.judge === undefined ? null : "judge" in options.judge ? options.judge : createModelJudge(options.judge);

    const screen = (text: string): SafetyDecision => {
        if (typeof text !== "string") throw new UserError("the safety layer screens text", { expected: "a string", found: typeof text });
        const clipped = text.length > MAX_SCREENED_CHARS ? `${text.slice(0, MAX_SCREENED_CHARS / 2)} . ${text.slice(-MAX_SCREENED_CHARS / 2)}` : text;
        const normalized = normalizeText(clipped);
        const emergency = triage.detect(normalized);
        // Explanation-only questions, named games/films/books and nonsense discrimination: each refusal
        // file says which of these it never refuses (`exemptions`).
        const exempt = messageExemptions(clipped, normalized, explanationPatterns, intents);
        // Rules are written with base verb forms; the second view lets "buying a handgun" match "buy ... handgun".
        let refusal = refusals.detect(normalized, intents.baseForms.apply(normalized), exempt) ?? intents.detect(clipped, normalized, exempt.has("named-work"));
        // The classifier is scored once. Rules match words; the classifier was trained on thousands of
        // benign look-alikes, so when it is confident a message is benign ("best filler for a long
        // crack in the ceiling?", "can you die from mixing bleach and ammonia? I breathed some in") it
        // overrules the rule, except in the categories context.yaml `neverOverruled` protects.
        const score = classifier?.probability(clipped);
        let overruled: { overruledRule?: string } = {};
        if (refusal !== null && score !== undefined && vetoThreshold !== null && score < vetoThreshold && !neverOverruled.has(refusal.file.category)) {
            overruled = { overruledRule: refusal.rule };
            refusal = null;
        }
        // A suicidal message gets the crisis answer even when it also asks for a method.
        if (refusal !== null && emergency?.category !== "self-harm") return refuseDecision(refusal, contacts);
        if (emergency !== null) return emergencyDecision(emergency, contacts);
        if (classifier !== null && score !== undefined) {
            const threshold = classifierDomain.test(normalized) ? classifier.model.threshold : classifier.model.generalThreshold;
            // Explanations ("What is arson?") and nonsense discrimination are answered; the rules above still apply.
            if (score >= threshold && !exempt.has("explanation") && !exempt.has("nonsense-discrimination")) return classifierRefusal(score, contacts, options.harmClassifier !== undefined);
            const hedge = hedging.detect(normalized);
            if (hedge !== null) return { action: "hedge", emergency: false, category: hedge.file.category, rule: hedge.rule, label: hedge.file.label, source: hedge.source, classifierScore: round(score), ...overruled, country: contacts.country };
            return { action: "allow", emergency: false, category: null, rule: null, classifierScore: round(score), ...overruled, country: contacts.country };
        }
        const hedge = hedging.detect(normalized);
        if (hedge !== null) return { action: "hedge", emergency: false, category: hedge.file.category, rule: hedge.rule, label: hedge.file.label, source: hedge.source, country: contacts.country };
        return { action: "allow", emergency: false, category: null, rule: null, country: contacts.country };
    };

    return {
        contacts,
        classifierModel: classifier === null ? null : options.harmClassifier !== undefined ? "custom" : "default",
        hasJudge: judge !== null,
        screen,
        async screenWithJudge(text, judgeOptions = {}) {
            const decision = screen(text);
            if (judge === null || decision.action === "emergency" || decision.action === "refuse") return decision;
            const verdict = await judge.judge(text, judgeOptions);
            if (!verdict.unsafe) return decision;
            return {
                action: "refuse", emergency: false, category: "harmful-request", rule: "judge.model", label: "Request judged harmful by the safety judge",
                reason: GENERIC_REASON, alternative: fillContacts(GENERIC_ALTERNATIVE, contacts), message: `${GENERIC_REASON} ${fillContacts(GENERIC_ALTERNATIVE, contacts)}`,
                source: `model judge (reply: ${verdict.reply.slice(0, 40)})`, country: contacts.country
            };
        },
        finalize: (answer, decision, finalizeOptions) => finalizeAnswer(answer, decision, finalizeOptions)
    };
}

const GENERIC_REASON = "I can't help with this request: it could cause harm or would break medical ethics (consent, honesty, confidentiality, fair treatment of patients).";
const GENERIC_ALTERNATIVE = "I can explain the relevant professional or legal standard, or how to handle the situation safely and ethically. If anyone is in danger, call {emergency}.";

/** The most time-critical categories first, so their advice is shown when several fire. */
const CATEGORY_PRIORITY = ["self-harm", "unconscious", "cardiac", "stroke", "anaphylaxis", "meningitis", "sepsis", "pregnancy", "overdose", "seizure", "burns", "child", "breathing", "bleeding"];

function orderByPriority<T extends { category: string }>(files: T[]): T[] {
    const rank = (c: string): number => { const i = CATEGORY_PRIORITY.indexOf(c); return i < 0 ? CATEGORY_PRIORITY.length : i; };
    return [...files].sort((a, b) => rank(a.category) - rank(b.category));
}

function emergencyDecision(match: EmergencyMatch, contacts: EmergencyContacts): SafetyDecision {
    const crisis = match.category === "self-harm" ? contacts.crisis : [];
    return {
        action: "emergency", emergency: true, category: match.category, rule: match.rule, label: match.label,
        message: `${match.label}. ${fillContacts(match.advice, contacts)}`,
        emergencyContacts: [contacts.emergency, ...crisis], source: match.source, country: contacts.country
    };
}

function refuseDecision(match: RuleMatch, contacts: EmergencyContacts): SafetyDecision {
    const reason = match.file.reason ?? GENERIC_REASON;
    const alternative = fillContacts(match.file.alternative ?? GENERIC_ALTERNATIVE, contacts);
    return {
        action: "refuse", emergency: false, category: match.file.category, rule: match.rule, label: match.file.label,
        reason, alternative, message: `${reason} ${alternative}`, source: match.source, country: contacts.country,
        ...(match.file.showCrisisLines === true ? { emergencyContacts: [contacts.emergency, ...contacts.crisis] } : {})
    };
}

function classifierRefusal(score: number, contacts: EmergencyContacts, custom: boolean): SafetyDecision {
    const alternative = fillContacts(GENERIC_ALTERNATIVE, contacts);
    return {
        action: "refuse", emergency: false, category: "harmful-request", rule: "classifier.harm", label: "Request judged harmful",
        reason: GENERIC_REASON, alternative, message: `${GENERIC_REASON} ${alternative}`, classifierScore: round(score),
        source: custom ? "harm classifier passed to createSafetyLayer (harmClassifier)" : "harm classifier trained on MedSafetyBench train split + meditron-written sentences (data/safety/models/harm-classifier.json)", country: contacts.country
    };
}

/** A list of refusal categories in context.yaml (absent = empty); a name no refusal file uses is an error, not a silent no-op. */
function readCategoryList(contextSettings: Record<string, unknown>, key: string, known: ReadonlySet<string>): ReadonlySet<string> {
    const value = contextSettings[key];
    if (value === undefined) return new Set();
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new UserError(`context.yaml: \`${key}\` must be a list of refusal categories`, { expected: "a YAML list such as [child-safety]", found: JSON.stringify(value) });
    }
    const unknown = value.filter((v) => !known.has(v));
    if (unknown.length > 0) {
        throw new UserError(`context.yaml: \`${key}\` names a category no refusal file has`, { expected: [...known].sort().join(", "), found: unknown.join(", "), fix: "use the `category` of a file in data/safety/rules/refusal/" });
    }
    return new Set(value);
}

function readClassifierDomain(contextSettings: Record<string, unknown>, lexicon: Readonly<Record<string, string>>): RegExp {
    const pattern = readOptionalPattern(contextSettings, "classifierDomain", lexicon);
    if (pattern === null) throw new UserError("context.yaml: missing `classifierDomain`", { expected: "a regular expression naming the medical domain the classifier was trained on" });
    return pattern;
}

/** An optional pattern of context.yaml (null when absent). */
function readOptionalPattern(contextSettings: Record<string, unknown>, key: string, lexicon: Readonly<Record<string, string>>): RegExp | null {
    const pattern = contextSettings[key];
    if (pattern === undefined) return null;
    if (typeof pattern !== "string") throw new UserError(`context.yaml: \`${key}\` must be a regular expression`, { expected: "a string", found: typeof pattern });
    return compilePattern(pattern, lexicon, `context.yaml ${key}`, "");
}

function round(value: number): number {
    return Math.round(value * 1e4) / 1e4;
}
