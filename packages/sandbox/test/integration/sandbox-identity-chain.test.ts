// The happy TIP chain against the sandbox with the real SDK clients: IdP token → CreateTokenWithIAM →
// AssumeRole with ProvidedContexts → GetCallerIdentity, and the CloudTrail records it leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/index.js";
import {
  clients,
  decodePayload,
  IDC_PROVIDER,
  idpToken,
  idToken,
  JWT_BEARER,
  sessionCreds,
} from "./sandbox-identity-helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const userId = (name: string) => sb.fixture.identityCenter.users.find((u) => u.userName === name)!.userId;

describe("sandbox IdP", () => {
  it("publishes discovery and a JWKS that verifies its tokens' kid", async () => {
    const conf = (await (await fetch(`${sb.identifiers.idpIssuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(conf).toMatchObject({
      issuer: sb.identifiers.idpIssuer,
      token_endpoint: sb.identifiers.idpTokenUrl,
      jwks_uri: `${sb.identifiers.idpIssuer}/jwks`,
      authorization_endpoint: `${sb.identifiers.idpIssuer}/authorize`,
      code_challenge_methods_supported: ["S256"],
    });
    expect(conf.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "refresh_token", "password"]),
    );
    const jwks = (await (await fetch(conf.jwks_uri as string)).json()) as {
      keys: { kid: string; kty: string; alg: string; d?: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
    expect(jwks.keys[0].d).toBeUndefined();
    const jwt = await idToken(sb, "arnav");
    expect(JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString())).toMatchObject({
      alg: "RS256",
      kid: jwks.keys[0].kid,
    });
  });

  it("mints id and access tokens with the TTI claims and a fresh jti each time", async () => {
    const a = await idpToken(sb, "arnav");
    const b = await idpToken(sb, "arnav", "arnav@example.com");
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const [ia, ib, aa] = [
      decodePayload(a.body.id_token as string),
      decodePayload(b.body.id_token as string),
      decodePayload(a.body.access_token as string),
    ];
    expect(ia).toMatchObject({
      iss: sb.identifiers.idpIssuer,
      aud: "tip-harness",
      email: "arnav@example.com",
      preferred_username: "arnav",
    });
    expect((ia.exp as number) - (ia.iat as number)).toBe(3600);
    expect(ia.sub).toBe(ib.sub);
    expect(ia.jti).not.toBe(ib.jti);
    expect(aa.jti).not.toBe(ia.jti);
    expect(aa).toMatchObject({ aud: "tip-harness", sub: ia.sub });
  });

  it("refuses a wrong password, an unknown client and an unknown grant", async () => {
    const post = (body: Record<string, string>) =>
      fetch(sb.identifiers.idpTokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body),
      });
    const wrong = await post({
      grant_type: "password",
      client_id: sb.identifiers.idpClientId,
      username: "arnav",
      password: "nope",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const client = await post({ grant_type: "password", client_id: "someone-else", username: "arnav", password: "x" });
    expect(client.status).toBe(401);
    expect(await client.json()).toMatchObject({ error: "invalid_client" });
    const grant = await post({
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      client_id: sb.identifiers.idpClientId,
    });
    expect(await grant.json()).toMatchObject({ error: "unsupported_grant_type" });
    // client_credentials belongs to the fixture's confidential service clients only.
    const publicClient = await post({ grant_type: "client_credentials", client_id: sb.identifiers.idpClientId });
    expect(publicClient.status).toBe(401);
    expect(await publicClient.json()).toMatchObject({ error: "invalid_client" });
  });

  it("refreshes tokens with a fresh jti", async () => {
    const first = await idpToken(sb, "wei");
    const res = await fetch(sb.identifiers.idpTokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: sb.identifiers.idpClientId,
        refresh_token: first.body.refresh_token as string,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(decodePayload(body.id_token).email).toBe("wei@example.com");
    expect(decodePayload(body.id_token).jti).not.toBe(decodePayload(first.body.id_token as string).jti);
  });
});

describe("the TIP chain", () => {
  it("gives arnav an identity-enhanced session whose calls CloudTrail attributes to him", async () => {
    const c = clients(sb);
    const tokens = await c.oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: JWT_BEARER,
        assertion: await idToken(sb, "arnav"),
      }),
    );
    expect(tokens).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 3600,
      issuedTokenType: "urn:ietf:params:oauth:token-type:refresh_token",
    });
    expect(tokens.scope).toEqual(expect.arrayContaining(["openid", "aws", "sts:identity_context"]));
    expect(tokens.accessToken!.split(".")).not.toHaveLength(3); // opaque, not a JWT
    const assertion = tokens.awsAdditionalDetails!.identityContext!;
    expect(assertion.length).toBeGreaterThanOrEqual(300);
    expect(assertion.length).toBeLessThanOrEqual(2048);

    const claims = decodePayload(tokens.idToken!);
    expect(claims).toMatchObject({
      sub: userId("arnav"),
      "aws:identity_store_id": sb.identifiers.identityStoreId,
      "aws:identity_store_arn": `arn:aws:identitystore::111122223333:identitystore/${sb.identifiers.identityStoreId}`,
      "aws:instance_arn": sb.identifiers.instanceArn,
      "aws:instance_account": "111122223333",
      "aws:application_arn": sb.identifiers.applicationArn,
      "sts:identity_context": assertion,
      act: { sub: sb.fixture.identityCenter.trustedTokenIssuers[0].arn },
    });
    expect(claims.auth_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);

    const session = await c.sts.send(
      new AssumeRoleCommand({
        RoleArn: sb.identifiers.carrierRoleArn,
        RoleSessionName: "tip-arnav-1",
        ProvidedContexts: [{ ProviderArn: IDC_PROVIDER, ContextAssertion: assertion }],
      }),
    );
    expect(session.AssumedRoleUser).toEqual({
      Arn: "arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/tip-arnav-1",
      AssumedRoleId: "AROA2SANDBOXCARRIER1:tip-arnav-1",
    });
    expect(session.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(session.Credentials!.Expiration!.getTime() - sb.clock.now()).toBeGreaterThan(3590_000);
    expect(session.SourceIdentity).toBeUndefined();

    const me = await clients(sb, sessionCreds(session.Credentials)).sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Arn: session.AssumedRoleUser!.Arn,
      UserId: "AROA2SANDBOXCARRIER1:tip-arnav-1",
      Account: "111122223333",
    });

    const lineage = sb.credentials.get(session.Credentials!.AccessKeyId!)!.lineage;
    expect(lineage).toMatchObject({
      kind: "assumed-role",
      chained: false,
      parentAccessKeyId: sb.baseCredentials.accessKeyId,
      identityContext: { userId: userId("arnav") },
    });

    const records = sb.trail.events.map((e) => e.record as Record<string, any>);
    const exchange = records.find((r) => r.eventName === "CreateTokenWithIAM" && !r.errorCode)!;
    expect(exchange).toMatchObject({
      eventSource: "sso-oauth.amazonaws.com",
      readOnly: false,
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/tip-harness-runner" },
      requestParameters: {
        clientId: sb.identifiers.applicationArn,
        grantType: JWT_BEARER,
        assertion: "HIDDEN_DUE_TO_SECURITY_REASONS",
      },
      responseElements: { accessToken: "HIDDEN_DUE_TO_SECURITY_REASONS", expiresIn: 3600, tokenType: "Bearer" },
      additionalEventData: {
        "identitystore:UserId": userId("arnav"),
        "identitystore:IdentityStoreArn": claims["aws:identity_store_arn"],
        "identitycenter:CredentialId": claims["aws:credential_id"],
      },
      resources: [{ type: "AWS::SSO::Application", ARN: sb.identifiers.applicationArn }],
    });
    expect(exchange.userIdentity.onBehalfOf).toBeUndefined();
    const assume = records.find(
      (r) => r.eventName === "AssumeRole" && r.requestParameters?.roleSessionName === "tip-arnav-1",
    )!;
    expect(assume).toMatchObject({
      eventSource: "sts.amazonaws.com",
      requestParameters: {
        roleArn: sb.identifiers.carrierRoleArn,
        providedContexts: [{ providerArn: IDC_PROVIDER, contextAssertion: "HIDDEN_DUE_TO_SECURITY_REASONS" }],
      },
      responseElements: {
        credentials: { accessKeyId: session.Credentials!.AccessKeyId, sessionToken: "HIDDEN_DUE_TO_SECURITY_REASONS" },
      },
    });
    const gci = records.find(
      (r) => r.eventName === "GetCallerIdentity" && r.userIdentity.accessKeyId === session.Credentials!.AccessKeyId,
    )!;
    expect(gci.userIdentity).toMatchObject({
      type: "AssumedRole",
      arn: session.AssumedRoleUser!.Arn,
      onBehalfOf: { userId: userId("arnav"), identityStoreArn: claims["aws:identity_store_arn"] },
    });
    // No secret issued by the chain appears in any record.
    const trailText = JSON.stringify(records);
    for (const secret of [
      assertion,
      tokens.accessToken!,
      tokens.refreshToken!,
      tokens.idToken!,
      session.Credentials!.SessionToken!,
      session.Credentials!.SecretAccessKey!,
    ]) {
      expect(trailText).not.toContain(secret);
    }
  });

  it.each(["maria", "wei", "dana"])("lets %s (assigned directly or via a group) exchange a token", async (name) => {
    const t = await clients(sb).oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: JWT_BEARER,
        assertion: await idToken(sb, name),
      }),
    );
    expect(decodePayload(t.idToken!).sub).toBe(userId(name));
  });

  it("refreshes with the refresh_token grant into a new identity context for the same user", async () => {
    const c = clients(sb);
    const first = await c.oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: JWT_BEARER,
        assertion: await idToken(sb, "maria"),
      }),
    );
    const again = await c.oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: "refresh_token",
        refreshToken: first.refreshToken,
      }),
    );
    expect(again.awsAdditionalDetails!.identityContext).not.toBe(first.awsAdditionalDetails!.identityContext);
    expect(decodePayload(again.idToken!).sub).toBe(userId("maria"));
    const s = await c.sts.send(
      new AssumeRoleCommand({
        RoleArn: sb.identifiers.carrierRoleArn,
        RoleSessionName: "tip-maria-r",
        ProvidedContexts: [
          { ProviderArn: IDC_PROVIDER, ContextAssertion: again.awsAdditionalDetails!.identityContext! },
        ],
      }),
    );
    expect(sb.credentials.get(s.Credentials!.AccessKeyId!)!.lineage.identityContext!.userId).toBe(userId("maria"));
  });

  it("honours a narrower scope request and leaves the identity context out without sts:identity_context", async () => {
    const t = await clients(sb).oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: JWT_BEARER,
        assertion: await idToken(sb, "wei"),
        scope: ["openid", "aws"],
      }),
    );
    expect(t.scope).toEqual(["openid", "aws"]);
    expect(t.awsAdditionalDetails).toBeUndefined();
    expect(decodePayload(t.idToken!)["sts:identity_context"]).toBeUndefined();
  });
});
