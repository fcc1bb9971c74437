import { useState, type FormEvent } from "react";
import type { TaskName } from "../api";

export const modes: { task: TaskName; label: string; hint: string }[] = [
    { task: "health", label: "Health question", hint: "A general health question, answered in plain language." },
    { task: "exam", label: "Exam question", hint: "A multiple-choice question: the answer letter, each option's probability and a rationale." },
    { task: "disease", label: "Disease information", hint: "A disease name: overview, symptoms, causes, diagnosis, treatment, when to see a doctor." },
    { task: "differential", label: "Differential diagnosis", hint: "A case description: ranked possible diagnoses with findings and next tests." }
];

/** The request a composer submits: the task and its fields, plus the text shown as the user's message. */
export interface ComposedRequest {
    fields: Record<string, unknown>;
    display: string;
}

/** Mode tabs and the input form of the selected task. */
export function Composer({ mode, onModeChange, busy, onSubmit, onStop }: { mode: TaskName; onModeChange: (mode: TaskName) => void; busy: boolean; onSubmit: (request: ComposedRequest) => void; onStop: () => void }) {
    const [text, setText] = useState("");
    const [options, setOptions] = useState("");
    const [error, setError] = useState<string | null>(null);
    const current = modes.find((m) => m.task === mode)!;

    const submit = (event: FormEvent) => {
        event.preventDefault();
        const value = text.trim();
        if (value === "") {
            setError("Please type something first.");
            return;
        }
        let request: ComposedRequest;
        if (mode === "exam") {
            const list = options.split("\n").map((o) => o.replace(/^\s*[A-J][.)]\s*/, "").trim()).filter((o) => o !== "");
            if (list.length < 2) {
                setError("An exam question needs at least two options, one per line.");
                return;
            }
            request = { fields: { task: "exam", question: value, options: list }, display: `${value}\n\n${list.map((o, i) => `${String.fromCharCode(65 + i)}. ${o}`).join("\n")}` };
        } else if (mode === "disease") request = { fields: { task: "disease", disease: value }, display: value };
        else if (mode === "differential") request = { fields: { task: "differential", case: value }, display: value };
        else request = { fields: { task: "health", question: value }, display: value };
        setError(null);
        onSubmit(request);
        setText("");
        setOptions("");
    };

    return (
        <form className="composer" onSubmit={submit} aria-label="Ask MediTron">
            <div role="radiogroup" aria-label="Mode" className="modes">
                {modes.map((m) => (
                    <label key={m.task} className={m.task === mode ? "mode selected" : "mode"}>
                        <input type="radio" name="mode" value={m.task} checked={m.task === mode} onChange={() => onModeChange(m.task)} />
                        {m.label}
                    </label>
                ))}
            </div>
            <p className="hint" id="composer-hint">
                {current.hint}
            </p>
            {mode === "disease" ? (
                <>
                    <label htmlFor="composer-text">Disease name</label>
                    <input id="composer-text" type="text" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="composer-hint" autoComplete="off" />
                </>
            ) : (
                <>
                    <label htmlFor="composer-text">{mode === "differential" ? "Case description" : "Question"}</label>
                    <textarea
                        id="composer-text"
                        rows={3}
                        value={text}
                        onChange={(e) => setText(e.target.value)}
                        aria-describedby="composer-hint"
                        onKeyDown={(e) => {
                            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
                        }}
                    />
                </>
            )}
            {mode === "exam" && (
                <>
                    <label htmlFor="composer-options">Options (one per line)</label>
                    <textarea id="composer-options" rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
                </>
            )}
            {error && (
                <p className="form-error" role="alert">
                    {error}
                </p>
            )}
            <div className="composer-actions">
                {busy ? (
                    <button type="button" onClick={onStop} className="secondary">
                        Stop
                    </button>
                ) : (
                    <button type="submit">Send</button>
                )}
            </div>
        </form>
    );
}
