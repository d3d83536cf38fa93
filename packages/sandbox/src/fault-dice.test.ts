import { describe, expect, it } from "vitest";
import { FaultDice, stableRequestText } from "./fault-dice.js";

describe("FaultDice", () => {
  it("gives the same rolls for the same keys in any order, and a fresh roll per occurrence", () => {
    const a = new FaultDice(7),
      b = new FaultDice(7);
    const ra = [a.roll("x"), a.roll("y"), a.roll("x")];
    const rb2 = b.roll("y");
    const rb1 = b.roll("x");
    const rb3 = b.roll("x");
    expect([rb1, rb2, rb3]).toEqual(ra);
    expect(ra[0]).not.toBe(ra[2]);
    expect(new FaultDice(8).roll("x")).not.toBe(ra[0]);
  });
  it("issues ids that repeat across runs with the same seed", () => {
    expect(new FaultDice(1).id("q")).toBe(new FaultDice(1).id("q"));
    expect(new FaultDice(1).id("q")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("stableRequestText", () => {
  it("drops what differs from run to run, keeps what the request asks", () => {
    const body = JSON.stringify({
      QueryString: "SELECT 1",
      ClientRequestToken: "6f1c0e7e-8a4b-4a5c-9d1e-2b3c4d5e6f70",
      WorkGroup: "wg",
      StartTime: 1764441600,
    });
    expect(stableRequestText(body)).toBe(
      '{"QueryString":"SELECT 1","ClientRequestToken":#,"WorkGroup":"wg","StartTime":#}',
    );
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ email: "wei@example.com", jti: "r" })).toString("base64url")}.sig`;
    expect(stableRequestText(`assertion=${jwt}`)).toBe("assertion=jwt:wei@example.com");
    expect(stableRequestText("RoleSessionName=tip-427-6205-wei")).toBe("RoleSessionName=tip-#-#-wei");
  });
});
