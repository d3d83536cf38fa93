// The sandbox IdP's user directory (fixture.idp.users): password checks and stable subjects.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Fixture } from "../../fixture/load.js";

export type IdpUser = Fixture["idp"]["users"][number];

/** Finds a user by username or email and checks the password in constant time. */
export function authenticate(f: Fixture, login: string, password: string): IdpUser | undefined {
  const user = f.idp.users.find((u) => u.username === login || u.email.toLowerCase() === login.toLowerCase());
  const expected = createHash("sha256")
    .update(user?.password ?? "\0no-such-user")
    .digest();
  const given = createHash("sha256").update(password).digest();
  return user && timingSafeEqual(expected, given) ? user : undefined;
}

export function idpUserByUsername(f: Fixture, username: string): IdpUser | undefined {
  return f.idp.users.find((u) => u.username === username);
}

/** A subject that never changes for a user of a given fixture (like a real IdP's immutable `sub`). */
export function subjectOf(f: Fixture, u: IdpUser): string {
  const h = createHash("sha256").update(`${f.name}/${f.idp.clientId}/${u.username}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
