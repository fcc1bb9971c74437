/**
 * What the safety layer decided about one message, returned as data (never hidden) so the CLI,
 * the server, the web app and reviewers can all show it.
 */
export interface SafetyDecision {
    /**
     * allow: call the model as usual; emergency: answer at once with the fixed emergency message,
     * do not call the model; refuse: answer with the refusal (reason + safer alternative), do not
     * call the model; hedge: call the model, then wrap the answer (dosing/prescribing).
     */
    readonly action: "allow" | "emergency" | "refuse" | "hedge";
    readonly emergency: boolean;
    /** For example "cardiac", "stroke", "self-harm", "harm-others", "dosing"; null when nothing matched. */
    readonly category: string | null;
    /** Id of the matched rule (or classifier) so reviewers can trace it. */
    readonly rule: string | null;
    /** The fixed text to show (emergency instructions, refusal), when the action has one. */
    readonly message?: string;
    /** Emergency number and crisis lines for the configured locale, when emergency. */
    readonly emergencyContacts?: readonly { readonly label: string; readonly number: string }[];
    /** Short title for a banner ("Possible stroke"), when a rule matched. */
    readonly label?: string;
    /** Refusals: the brief reason. */
    readonly reason?: string;
    /** Refusals: the safer alternative offered. */
    readonly alternative?: string;
    /** Where the matched rule comes from (guideline, dataset), for reviewers. */
    readonly source?: string;
    /** Harm-classifier probability, when the classifier was consulted. */
    readonly classifierScore?: number;
    /**
     * A refusal rule that matched but was overruled because the classifier judged the message
     * benign with high confidence (score below its veto threshold); kept so reviewers see it.
     */
    readonly overruledRule?: string;
    /** The country whose numbers were used ("GB", "US", "default"). */
    readonly country?: string;
}
