// "Did you mean …?" for unknown keys: the closest key the scenario language knows.
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

let known: string[] | undefined;

function knownKeys(): string[] {
  if (known) return known;
  const keys = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props) for (const k of Object.keys(props)) keys.add(k);
    for (const v of Object.values(node)) walk(v);
  };
  walk(z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }));
  return (known = [...keys]);
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(
        dp[i - 1][j] + 1,
        dp[i][j - 1] + 1,
        dp[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
  return dp[a.length][b.length];
}

export function suggest(key: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of knownKeys()) {
    const d = distance(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}
