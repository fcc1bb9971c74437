/** Per-option probability bars of an exam answer; the chosen letter is marked. */
export function ExamBars({ probabilities, letter, options }: { probabilities: Record<string, number>; letter: string; options?: string[] }) {
    return (
        <figure className="exam-bars">
            <figcaption>Probability of each option</figcaption>
            <ul>
                {Object.entries(probabilities).map(([option, p], index) => {
                    const percent = Math.round(p * 1000) / 10;
                    return (
                        <li key={option} className={option === letter ? "chosen" : undefined}>
                            <span className="bar-label">
                                {option}
                                {options?.[index] ? `. ${options[index]}` : ""}
                                {option === letter ? " (answer)" : ""}
                            </span>
                            <span className="bar-track" role="meter" aria-label={`Option ${option}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`}>
                                <span className="bar-fill" style={{ width: `${Math.max(percent, 0.5)}%` }} />
                            </span>
                            <span className="bar-value">{percent.toFixed(1)}%</span>
                        </li>
                    );
                })}
            </ul>
        </figure>
    );
}
