// The report model: report.json is this, and every other format is a pure rendering of it. The types
// are inferred from the zod schemas in report-schema.ts, the one source (as src/scenario/schema.ts is
// for scenarios); comments on each field live there, beside its `.describe()`.
import type { z } from "zod";
import type * as s from "./report-schema.js";

export { REPORT_SCHEMA_VERSION } from "./report-schema.js";

export type Verdict = CheckResult["verdict"];
export type PersonaClass = CheckResult["personaClass"];
export type ReportTarget = z.infer<typeof s.reportTargetSchema>;
export type EvidenceEvent = z.infer<typeof s.evidenceEventSchema>;
export type EvidenceStatus = CheckResult["evidence"]["status"];
/** What identifies a result's CloudTrail record, kept so `confirm` can look again later. No secrets. */
export type EvidenceLookup = z.infer<typeof s.evidenceLookupSchema>;
/** What a check expects, without its row predicates (the core's Expectation adds them structured). */
export type ExpectationShape = z.infer<typeof s.expectationSchema>;
export type ResultExpected = z.infer<typeof s.resultExpectedSchema>;
/** The outcome's kind, layer, code and message, and (for an allow) the Observation itself. */
export type ResultObserved = z.infer<typeof s.resultObservedSchema>;
export type CheckResult = z.infer<typeof s.checkResultSchema>;
export type PersonaReport = z.infer<typeof s.personaReportSchema>;
export type CatalogProof = z.infer<typeof s.catalogProofSchema>;
export type WorkgroupProof = z.infer<typeof s.workgroupProofSchema>;
export type ObjectProof = z.infer<typeof s.objectProofSchema>;
export type GrantsInstanceProof = z.infer<typeof s.grantsInstanceProofSchema>;
export type GrantsLocationsProof = z.infer<typeof s.grantsLocationsProofSchema>;
export type GrantsIamProof = z.infer<typeof s.grantsIamProofSchema>;
export type GrantsHeldProof = z.infer<typeof s.grantsHeldProofSchema>;
export type RunProofs = NonNullable<RunReport["proofs"]>;
export type DirectoryProof = z.infer<typeof s.directoryProofSchema>;
export type RunSummary = z.infer<typeof s.runSummarySchema>;
export type RunReport = z.infer<typeof s.runReportSchema>;
export type Waiver = z.infer<typeof s.waiverSchema>;
export type ExceptionEntryReport = z.infer<typeof s.exceptionEntrySchema>;
export type RunExceptions = z.infer<typeof s.runExceptionsSchema>;
