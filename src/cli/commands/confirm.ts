// Placeholder until this command is built; says so plainly instead of pretending.
import type { Screen } from "../../reporters/screen.js";

export async function confirmCommand(dir: string, _opts: Record<string, unknown>, screen: Screen): Promise<number> {
  screen.write("tip-proof: this command is not available yet.\n");
  return 2;
}
