// Assertions of the fidelity tier: a response conforms to the installed model (or to a named known
// deviation), an error is what the real SDK makes of AWS's error (name, HTTP status, fault), and every
// error an operation models is either exercised or explicitly listed as not emulated.
import { expect } from "vitest";
import type { Sent } from "../helpers/fidelity-kit.js";
import { serviceModel, type ServiceId } from "../helpers/model-source.js";
import { explain } from "./known-deviations.js";

const describeExchange = (s: Sent<unknown>) => {
  const r = s.exchange.request;
  return (
    `${r.method} ${r.path}${r.headers["x-amz-target"] ? ` (${r.headers["x-amz-target"]})` : ""} → ${s.exchange.response.status}\n` +
    s.exchange.response.body.toString("utf8").slice(0, 1500)
  );
};

/** No model violation that known-deviations.ts does not explain. */
export function expectConforms(service: ServiceId, s: Sent<unknown>): void {
  const { unexplained } = explain(service, s.violations);
  expect(unexplained, `model violations in ${describeExchange(s)}`).toEqual([]);
}

/** Success, conforming to the model; returns the SDK's output typed as the caller says. */
export function expectOk<T>(service: ServiceId, s: Sent<T>): T {
  expect(s.error, `expected success, got ${s.error?.name}: ${s.error?.message}`).toBeUndefined();
  expectConforms(service, s);
  return s.output as T;
}

/** The SDK error as AWS's would surface: name, status, fault; and the error body conforms to its shape. */
export function expectAwsError(
  service: ServiceId,
  s: Sent<unknown>,
  name: string,
  status: number,
  fault: "client" | "server" = "client",
) {
  expect(s.error, `expected ${name}, but the call succeeded`).toBeDefined();
  const e = s.error!;
  expect({ name: e.name, status: e.$metadata.httpStatusCode, fault: e.$fault }, describeExchange(s)).toEqual({
    name,
    status,
    fault,
  });
  expectConforms(service, s);
  return e;
}

/** Records which modelled errors a file exercised, to check nothing the model lists is silently skipped. */
export class ErrorCoverage {
  private readonly hits = new Map<string, Set<string>>();
  constructor(private readonly service: ServiceId) {}

  /** Asserts the error is one the operation models, and records it. */
  modelled(op: string, name: string): void {
    expect(serviceModel(this.service).modelledErrors(op), `${name} is not a modelled error of ${op}`).toContain(name);
    const set = this.hits.get(op) ?? new Set<string>();
    set.add(name);
    this.hits.set(op, set);
  }

  /** Every modelled error of `op` was exercised, or is named in `notEmulated` with the reason. */
  complete(op: string, notEmulated: Record<string, string> = {}): void {
    const hit = this.hits.get(op) ?? new Set<string>();
    const missing = serviceModel(this.service)
      .modelledErrors(op)
      .filter((n) => !hit.has(n) && !(n in notEmulated));
    expect(missing, `modelled errors of ${op} neither tested nor listed as not emulated`).toEqual([]);
  }
}

/** Pins a known deviation: fails once the sandbox stops deviating, so the allow-list entry gets removed. */
export function expectDeviation(service: ServiceId, s: Sent<unknown>, id: string): void {
  expect(
    explain(service, s.violations).allowed,
    `known deviation ${id} no longer occurs: remove it from known-deviations.ts`,
  ).toContain(id);
}
