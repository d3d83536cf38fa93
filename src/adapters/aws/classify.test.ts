// observeError: an SDK error becomes typed facts; the judge reads codes and reasons, never texts.
import { describe, expect, it } from "vitest";
import { observeError } from "./classify.js";

const sdkError = (name: string, extra: object = {}) =>
  Object.assign(new Error("denied"), { name, $fault: "client", $metadata: { httpStatusCode: 400 }, ...extra });

describe("observeError", () => {
  it("carries the error's reason (SSO OIDC: KMS_AccessDeniedException)", () => {
    const out = observeError(
      sdkError("AccessDeniedException", { reason: "KMS_AccessDeniedException" }),
      "sign-in",
      "CreateTokenWithIAM",
    );
    expect(out).toMatchObject({
      kind: "refused",
      facts: { serviceCode: "AccessDeniedException", reason: "KMS_AccessDeniedException" },
    });
  });
  it.each([
    ["absent", {}],
    ["not a string", { reason: { x: 1 } }],
    ["free text (never copied into facts)", { reason: "user 123 has no access to s3://b/secret" }],
  ])("a reason %s is left out", (_how, extra) => {
    const out = observeError(sdkError("AccessDeniedException", extra), "sign-in", "CreateTokenWithIAM");
    expect(out.kind === "refused" && "reason" in out.facts).toBe(false);
  });
});
