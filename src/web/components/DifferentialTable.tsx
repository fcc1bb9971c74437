import type { RankedDiagnosis } from "../api";

/** The differential diagnosis as a ranked table. */
export function DifferentialTable({ diagnoses }: { diagnoses: RankedDiagnosis[] }) {
    const list = (items: string[]) => (
        <ul>
            {items.map((item, i) => (
                <li key={i}>{item}</li>
            ))}
        </ul>
    );
    return (
        <div className="table-scroll">
            <table className="differential">
                <caption>Differential diagnosis, most likely first</caption>
                <thead>
                    <tr>
                        <th scope="col">Rank</th>
                        <th scope="col">Diagnosis</th>
                        <th scope="col">Likelihood</th>
                        <th scope="col">Supporting findings</th>
                        <th scope="col">Opposing findings</th>
                        <th scope="col">Next tests</th>
                    </tr>
                </thead>
                <tbody>
                    {diagnoses.map((d) => (
                        <tr key={d.rank}>
                            <td>{d.rank}</td>
                            <th scope="row">{d.diagnosis}</th>
                            <td>
                                <span className={`likelihood likelihood-${d.likelihood}`}>{d.likelihood}</span>
                            </td>
                            <td>{list(d.supportingFindings)}</td>
                            <td>{list(d.opposingFindings)}</td>
                            <td>{list(d.nextTests)}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </div>
    );
}
