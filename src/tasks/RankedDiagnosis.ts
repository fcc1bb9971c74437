// No imports: the web app shares these wire types with `import type` (see src/web/api.ts).

/** One diagnosis of a differential, as the task returns it and the server sends it. */
export interface RankedDiagnosis {
    rank: number;
    diagnosis: string;
    likelihood: "high" | "moderate" | "low";
    supportingFindings: string[];
    opposingFindings: string[];
    nextTests: string[];
}

/** The structured result of the differential-diagnosis task: up to three diagnoses, most likely first. */
export interface DifferentialResult {
    diagnoses: RankedDiagnosis[];
}
