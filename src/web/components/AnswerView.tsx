import type { TaskAnswer } from "../api";
import { DifferentialTable } from "./DifferentialTable";
import { ExamBars } from "./ExamBars";
import { Markdown } from "./Markdown";
import { SafetyBanner } from "./SafetyBanner";

/** One assistant answer: safety banner, the task's structured view, and the Markdown text. */
export function AnswerView({ answer, options }: { answer: TaskAnswer; options?: string[] }) {
    const result = answer.result;
    // An emergency or refusal answer is the banner's own message: do not show it twice.
    const onlyBanner = result === null && answer.safety?.message !== undefined && answer.text.trim() === answer.safety.message.trim();
    // The exam view shows bars and the rationale, not `text`; keep what the safety layer put in
    // front of the answer there (the "unsure" wording when the chosen option is improbable).
    const header = answer.text.indexOf("**Answer:");
    const examNote = answer.task === "exam" && result !== null && header > 0 ? answer.text.slice(0, header).trim() : "";
    return (
        <div className="answer">
            <SafetyBanner decision={answer.safety} />
            {examNote !== "" && (
                <div className="exam-note">
                    <Markdown text={examNote} />
                </div>
            )}
            {answer.task === "exam" && result?.probabilities && result.letter && <ExamBars probabilities={result.probabilities} letter={result.letter} options={options} />}
            {onlyBanner ? null : answer.task === "differential" && result?.diagnoses ? <DifferentialTable diagnoses={result.diagnoses} /> : <Markdown text={answer.task === "exam" && result?.rationale !== undefined ? `**Rationale:** ${result.rationale}` : answer.text} />}
            <p className="answer-meta">
                {answer.model} · {answer.usage.completionTokens} tokens{answer.finishReason === "length" ? " · cut at the token limit" : ""}
            </p>
        </div>
    );
}
