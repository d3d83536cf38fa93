// Input constraints of the Identity Store model (API reference patterns), reported as one
// ValidationException listing every violation.
import { validation } from "./messages.js";

export const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IDENTITY_STORE_ID_TEXT = "^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
export const RESOURCE_ID =
  /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
const RESOURCE_ID_TEXT =
  "^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$";
const NEXT_TOKEN = /^[-a-zA-Z0-9+=/:_]*$/;

export type Json = Record<string, unknown>;

/** Collects constraint violations; `done()` throws them all at once. */
export class Checker {
  readonly problems: string[] = [];

  private fail(value: unknown, field: string, constraint: string): void {
    const shown =
      value === undefined || value === null
        ? "Value null"
        : `Value '${typeof value === "string" ? value : JSON.stringify(value)}'`;
    this.problems.push(`${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
  }

  string(value: unknown, field: string, min: number, max: number, pattern?: [RegExp, string]): string | undefined {
    if (value === undefined || value === null) {
      this.fail(value, field, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "string") {
      this.fail(value, field, "Member must be a string");
      return undefined;
    }
    if (value.length < min) this.fail(value, field, `Member must have length greater than or equal to ${min}`);
    if (value.length > max) this.fail(value, field, `Member must have length less than or equal to ${max}`);
    if (pattern && !pattern[0].test(value))
      this.fail(value, field, `Member must satisfy regular expression pattern: ${pattern[1]}`);
    return value;
  }

  identityStoreId(value: unknown): string | undefined {
    return this.string(value, "identityStoreId", 1, 36, [IDENTITY_STORE_ID, IDENTITY_STORE_ID_TEXT]);
  }

  resourceId(value: unknown, field: string): string | undefined {
    return this.string(value, field, 1, 47, [RESOURCE_ID, RESOURCE_ID_TEXT]);
  }

  /** MemberId is a union with one member, UserId. */
  memberUserId(value: unknown): string | undefined {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      this.fail(value, "memberId", "Member must not be null");
      return undefined;
    }
    return this.resourceId((value as Json).UserId, "memberId.userId");
  }

  maxResults(value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(value, "maxResults", "Member must be an integer");
      return undefined;
    }
    if (value < 1) this.fail(value, "maxResults", "Member must have value greater than or equal to 1");
    if (value > 100) this.fail(value, "maxResults", "Member must have value less than or equal to 100");
    return value;
  }

  nextToken(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    return this.string(value, "nextToken", 1, 65535, [NEXT_TOKEN, "^[-a-zA-Z0-9+=/:_]*$"]);
  }

  done(): void {
    if (this.problems.length) throw validation(this.problems);
  }
}
