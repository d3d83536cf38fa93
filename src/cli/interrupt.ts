// SIGINT and SIGTERM end a run the same way: the first one aborts the run's signal, so running
// queries are stopped and a partial report (marked interrupted) is written; the exit code is
// 128 + the signal's number (130, 143), as shells report. A second signal ends the process at once
// with the signal's default action, without finishing the report (the folder keeps its claim file,
// so the unfinished run stays visible). Signals within a second of the first are the same Ctrl-C
// delivered twice (the terminal signals the whole process group, and `npm start` forwards it once
// more), so they are ignored.
import { setMaxListeners } from "node:events";
import type { Screen } from "../reporters/screen.js";

export type StopSignal = "SIGINT" | "SIGTERM";
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };
const DUPLICATE_WINDOW_MS = 1_000;

export interface Interruption {
  readonly signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  received(): StopSignal | undefined;
  dispose(): void;
}

export function watchInterrupts(
  screen: Screen,
  what = "stopping running queries and writing a partial report",
  parent?: AbortSignal,
): Interruption {
  const controller = new AbortController();
  // Every SDK call in flight listens on the run's signal (64 checks, 32 queries by default): that many
  // listeners is the design, not a leak, so Node's warning at 11 would only be noise.
  setMaxListeners(4096, controller.signal);
  let got: StopSignal | undefined,
    at = 0;
  const handlers = {} as Record<StopSignal, () => void>;
  const dispose = () => {
    for (const s of Object.keys(handlers) as StopSignal[]) process.off(s, handlers[s]);
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    handlers[sig] = () => {
      if (got) {
        if (Date.now() - at < DUPLICATE_WINDOW_MS) return;
        // Without our listeners the signal's default action ends the process (no process.exit here).
        dispose();
        process.kill(process.pid, sig);
        return;
      }
      got = sig;
      at = Date.now();
      screen.write(`\nInterrupted (${sig}): ${what}. A second signal quits at once.\n`);
      controller.abort();
    };
    process.on(sig, handlers[sig]);
  }
  parent?.addEventListener("abort", () => controller.abort(), { once: true });
  return { signal: controller.signal, received: () => got, dispose };
}
