import { describe, expect, it } from "vitest";
import { OidcState } from "./state.js";

describe("OIDC state", () => {
  it("claims a jti once per trusted token issuer, atomically", () => {
    const s = new OidcState();
    expect(s.claimJti("tti-a", "j1", 2_000, 1_000)).toBe(true);
    expect(s.claimJti("tti-a", "j1", 2_000, 1_000)).toBe(false);
    expect(s.jtiSeen("tti-a", "j1")).toBe(true);
    expect(s.claimJti("tti-b", "j1", 2_000, 1_000)).toBe(true);
  });

  it("forgets expired jtis only once they can no longer be presented", () => {
    const s = new OidcState();
    s.claimJti("t", "old", 1_000, 500);
    s.claimJti("t", "new", 5_000, 2_000);
    expect(s.jtiSeen("t", "old")).toBe(false);
    expect(s.jtiSeen("t", "new")).toBe(true);
  });

  it("hands out each authorization code once", () => {
    const s = new OidcState();
    const code = s.issueCode({ applicationArn: "a", redirectUri: "r", userId: "u", authTime: 0, expiresAt: 1 });
    expect(s.takeCode(code)?.userId).toBe("u");
    expect(s.takeCode(code)).toBeUndefined();
  });
});
