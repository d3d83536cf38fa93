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

describe("observeError on an answer the SDK could not parse (review s24b 4)", () => {
  it("says so without the parser's message, which quotes the body (here a cell of query results)", async () => {
    const { createServer } = await import("node:http");
    const { AthenaClient, GetQueryResultsCommand } = await import("@aws-sdk/client-athena");
    const server = createServer((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/x-amz-json-1.1" })
        .end('{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":CANARYDATA Sofia"}]}]}}'),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const athena = new AthenaClient({
      region: "eu-west-1",
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    try {
      const e = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: "q" })).then(
        () => undefined,
        (x: unknown) => x,
      );
      const out = observeError(e, "query-status", "GetQueryResults");
      expect(out).toMatchObject({ kind: "error", errorKind: "server", code: "UNPARSEABLE_RESPONSE" });
      expect(JSON.stringify(out)).not.toMatch(/CANARY|Sofia/);
    } finally {
      athena.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("observeError keeps no token a service text quotes (review s24a F4)", () => {
  it("a JWT in an error description becomes a placeholder", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3ZWkifQ.c2lnbmF0dXJl";
    const out = observeError(
      Object.assign(new Error("UnknownError"), {
        name: "InvalidGrantException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        error_description: `The assertion ${jwt} is not valid`,
      }),
      "sign-in",
      "CreateTokenWithIAM",
    );
    expect(out.kind === "refused" && out.facts.message).toBe("The assertion [a token] is not valid");
  });
});

describe("safeErrorText (review s24c 4)", () => {
  it.each([
    [
      "a parser excerpt",
      Object.assign(new SyntaxError(`Unexpected token 'C', ..."Value":CANARYDATA"... is not valid JSON`), {}),
    ],
    [
      "the SDK's appended deserialization note",
      new Error(
        `Unexpected token CANARYDATA\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
      ),
    ],
    ["a lone token segment", new Error("payload eyJzdWIiOiJDQU5BUlkifQ rejected")],
  ])("%s leaves nothing of the body", async (_n, e) => {
    const { safeErrorText } = await import("./classify.js");
    expect(safeErrorText(e)).not.toMatch(/CANARY|eyJ/);
  });
});
