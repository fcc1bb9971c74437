import type { TaskAnswer } from "./TaskAnswer.js";

/**
 * A task answer as plain text for a terminal: the safety banner line when there is one, the
 * answer text, the exam option probabilities, the disclaimer. `streamed` leaves out the answer
 * text (already printed as it was generated).
 */
export function formatTaskAnswer(answer: TaskAnswer<unknown>, options: { streamed?: boolean } = {}): string {
    const lines: string[] = [];
    const safety = answer.safety;
    if (safety !== null && safety.action !== "allow") {
        const contacts = (safety.emergencyContacts ?? []).map((c) => `${c.label}: ${c.number}`).join(", ");
        lines.push(`[${safety.action.toUpperCase()}${safety.category === null ? "" : `: ${safety.category}`}]${contacts === "" ? "" : ` ${contacts}`}`);
    }
    if (options.streamed !== true) lines.push(answer.text);
    const probabilities = (answer.result as { probabilities?: Record<string, number> } | null)?.probabilities;
    if (answer.task === "exam" && probabilities !== undefined) {
        lines.push("", ...Object.entries(probabilities).map(([letter, p]) => `  ${letter}  ${(p * 100).toFixed(1).padStart(5)}%  ${"█".repeat(Math.round(p * 30))}`));
    }
    lines.push("", answer.disclaimer);
    return `${lines.join("\n")}\n`;
}
