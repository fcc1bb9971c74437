import type { SafetyDecision } from "../api";

/** Shown above an answer when the safety layer raised an emergency, a refusal or a hedge. */
export function SafetyBanner({ decision }: { decision: SafetyDecision | null }) {
    if (decision === null || decision.action === "allow") return null;
    const kind = decision.action === "emergency" ? "emergency" : decision.action === "refuse" ? "refusal" : "caution";
    const title = decision.label ?? (decision.action === "emergency" ? "Possible emergency" : decision.action === "refuse" ? "MediTron cannot help with this" : "Please take care");
    return (
        <div className={`safety-banner safety-${kind}`} role={decision.action === "emergency" ? "alert" : "status"}>
            <strong>{title}</strong>
            {decision.message && <p>{decision.message}</p>}
            {decision.emergencyContacts && decision.emergencyContacts.length > 0 && (
                <ul>
                    {decision.emergencyContacts.map((contact) => (
                        <li key={contact.number}>
                            {contact.label}: <a href={`tel:${contact.number}`}>{contact.number}</a>
                        </li>
                    ))}
                </ul>
            )}
            {decision.category && <p className="safety-rule">Category: {decision.category}{decision.rule ? ` (rule ${decision.rule})` : ""}</p>}
        </div>
    );
}
