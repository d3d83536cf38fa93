import type { Screen } from "../../src/reporters/screen.js";

/** A Screen that records everything written, for asserting on console output. */
export function captureScreen(): Screen & { text(): string } {
  let out = "";
  return {
    write: (t: string) => {
      out += t;
    },
    isTTY: false,
    color: false,
    text: () => out,
  };
}
