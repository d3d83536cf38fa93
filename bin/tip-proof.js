#!/usr/bin/env node
// Runs the TypeScript CLI in this very process, with tsx's loader registered, so the package works
// without a build step. No child process: Ctrl-C and a supervisor's SIGTERM reach the CLI exactly once
// (a wrapper that forwards signals doubles the terminal's own SIGINT to the process group, which ends
// the CLI before it writes its partial report), and nothing can be orphaned when the wrapper dies.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
