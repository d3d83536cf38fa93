import { describe, expect, it } from "vitest";
import { isLoopbackRedirect, isValidVerifier, pkceS256, redirectMatches } from "./http.js";

describe("PKCE", () => {
  it("matches the RFC 7636 appendix B vector", () => {
    expect(pkceS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    expect(isValidVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(true);
    expect(isValidVerifier("short")).toBe(false);
  });
});

describe("redirect URIs", () => {
  it("accepts only http loopback hosts", () => {
    expect(isLoopbackRedirect("http://127.0.0.1:8080/cb")).toBe(true);
    expect(isLoopbackRedirect("http://localhost/cb")).toBe(true);
    expect(isLoopbackRedirect("https://127.0.0.1/cb")).toBe(false);
    expect(isLoopbackRedirect("http://127.0.0.1.evil.com/cb")).toBe(false);
    expect(isLoopbackRedirect("http://user@127.0.0.1/cb")).toBe(false);
    expect(isLoopbackRedirect("not a url")).toBe(false);
  });

  it("lets a loopback registration match any port but nothing else", () => {
    expect(redirectMatches("http://127.0.0.1/callback", "http://127.0.0.1:51234/callback")).toBe(true);
    expect(redirectMatches("http://127.0.0.1/callback", "http://localhost:51234/callback")).toBe(false);
    expect(redirectMatches("http://127.0.0.1/callback", "http://127.0.0.1:51234/callback/x")).toBe(false);
    expect(redirectMatches("https://app.example.com/cb", "https://app.example.com/cb")).toBe(true);
    expect(redirectMatches("https://app.example.com/cb", "https://app.example.com:8443/cb")).toBe(false);
  });
});
