// AssumeRole input constraints from the STS model (facts §2.1), reported the way AWS's query services
// report them: every violated constraint in one ValidationError.
import { memberList, type Form } from "./form.js";
import { notEmulated, validationError } from "./messages.js";

export interface ProvidedContext {
  providerArn: string;
  contextAssertion: string;
}

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  sourceIdentity?: string;
  providedContexts?: ProvidedContext[];
}

const NAME_PATTERN = /^[\w+=,.@-]*$/;
const NAME_PATTERN_TEXT = "[\\w+=,.@-]*";

/** Parameters that change what a session may do; ignoring them would make the sandbox lenient. */
const REFUSED: [string, string][] = [
  ["Policy", "session policies (Policy)"],
  ["PolicyArns", "session policies (PolicyArns)"],
  ["Tags", "session tags (Tags)"],
  ["TransitiveTagKeys", "session tags (TransitiveTagKeys)"],
  ["SerialNumber", "MFA (SerialNumber)"],
  ["TokenCode", "MFA (TokenCode)"],
];

export function parseAssumeRole(form: Form): AssumeRoleInput {
  for (const [param, what] of REFUSED) {
    if (param in form || Object.keys(form).some((k) => k.startsWith(`${param}.`))) throw notEmulated(what);
  }
  const problems: string[] = [];
  const str = (
    field: string,
    value: string | undefined,
    min: number,
    max: number,
    pattern?: [RegExp, string],
    sensitive = false,
  ) => {
    const at = sensitive ? `Value at '${field}'` : `Value '${value}' at '${field}'`;
    if (value === undefined) {
      problems.push(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
      return;
    }
    if (value.length < min)
      problems.push(`${at} failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
    if (value.length > max)
      problems.push(`${at} failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    if (pattern && !pattern[0].test(value))
      problems.push(
        `${at} failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern[1]}`,
      );
  };

  str("roleArn", form.RoleArn, 20, 2048);
  str("roleSessionName", form.RoleSessionName, 2, 64, [NAME_PATTERN, NAME_PATTERN_TEXT]);
  if (form.SourceIdentity !== undefined)
    str("sourceIdentity", form.SourceIdentity, 2, 64, [NAME_PATTERN, NAME_PATTERN_TEXT]);

  let durationSeconds: number | undefined;
  if (form.DurationSeconds !== undefined) {
    durationSeconds = Number(form.DurationSeconds);
    if (!/^-?\d+$/.test(form.DurationSeconds))
      problems.push(
        `Value '${form.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must be a valid integer`,
      );
    else if (durationSeconds < 900)
      problems.push(
        `Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    else if (durationSeconds > 43200)
      problems.push(
        `Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
      );
  }

  let providedContexts: ProvidedContext[] | undefined;
  const pc = memberList(form, "ProvidedContexts");
  if (pc.present) {
    if (pc.items.length < 1)
      problems.push(
        "Value '[]' at 'providedContexts' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    if (pc.items.length > 5)
      problems.push(
        `Value at 'providedContexts' failed to satisfy constraint: Member must have length less than or equal to 5`,
      );
    pc.items.forEach((item, i) => {
      str(`providedContexts.${i + 1}.member.providerArn`, item.ProviderArn, 20, 2048);
      // The assertion is a credential: never echo it into an error message.
      str(`providedContexts.${i + 1}.member.contextAssertion`, item.ContextAssertion, 4, 2048, undefined, true);
    });
    providedContexts = pc.items.map((i) => ({
      providerArn: i.ProviderArn ?? "",
      contextAssertion: i.ContextAssertion ?? "",
    }));
  }

  if (problems.length) throw validationError(problems);
  return {
    roleArn: form.RoleArn!,
    roleSessionName: form.RoleSessionName!,
    durationSeconds,
    sourceIdentity: form.SourceIdentity,
    providedContexts,
  };
}
