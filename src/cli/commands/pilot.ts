// Placeholder until this command is built; says so plainly instead of pretending.
import type { Screen } from "../../reporters/screen.js";

export async function pilotCommand(paths: string[], _opts: Record<string, unknown>, screen: Screen): Promise<number> {
  screen.write("tip-proof: this command is not available yet.\n");
  return 2;
}
