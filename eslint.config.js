// Lint and the architecture's import rules, in the manner of Playwright's DEPS.list: each layer says
// what it may not reach. The rules read import specifiers, which in this tree are relative paths or
// package names, so a glob on the specifier is exact enough and needs no resolver.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import { dirname, relative, resolve } from "node:path";

// One rule the specifier globs cannot express: a relative import must not leave its package. It
// resolves the specifier against the importing file, so it holds at any folder depth.
const stayInPackage = {
  meta: {
    type: "problem",
    schema: [{ type: "object", properties: { root: { type: "string" }, message: { type: "string" } } }],
  },
  create(context) {
    const { root, message } = context.options[0];
    const pkg = resolve(context.cwd, root);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== "string" || !spec.startsWith(".")) return;
      const rel = relative(pkg, resolve(dirname(context.filename), spec));
      if (rel.startsWith("..")) context.report({ node: node.source, message: `${message} (${spec})` });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/** Relative imports that leave the pure layers for the outside world (adapters, CLI, app, I/O). */
const OUTSIDE_THE_CORE = [
  "**/adapters/**",
  "**/cli/**",
  "**/app/**",
  "**/reporters/**",
  "**/config/**",
  "**/integrations/**",
];
// node:crypto stays allowed: hashing (the plan's digest) is pure computation, not I/O.
const NODE_AND_SDK = ["node:*", "!node:crypto", "fs", "fs/*", "path", "child_process", "os", "@aws-sdk/*", "@smithy/*"];
const SANDBOX_INTERNALS = {
  group: [
    "@tip-proof/sandbox/*",
    "!@tip-proof/sandbox/config",
    "!@tip-proof/sandbox/testing",
    "**/packages/sandbox/**",
  ],
  message: "The harness reaches the sandbox only through the package's public entry, `@tip-proof/sandbox`.",
};

const restrict = (patterns, extra = {}) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { patterns, ...extra }],
});

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "bench/.dist/**",
      "node_modules/**",
      "**/node_modules/**",
      "reports/**",
      "test-artifacts/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names say "unused on purpose" (ports implemented partially, destructuring to omit).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Wire shapes from AWS are loosely typed at the edge; `any` stays visible but is not an error.
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    // The pure core: the scenario model, planning, the judge, the report model. No SDK, no I/O, no process.
    files: ["src/core/**/*.ts", "src/scenario/**/*.ts", "src/model/**/*.ts", "src/yaml/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      ...restrict([
        {
          group: NODE_AND_SDK,
          message: "The pure core does no I/O and knows no SDK: take it through a port (src/core/ports.ts).",
        },
        { group: OUTSIDE_THE_CORE, message: "The pure core imports only core/, scenario/, model/ and yaml/." },
        SANDBOX_INTERNALS,
      ]),
      "no-restricted-globals": [
        "error",
        { name: "process", message: "The pure core never reads process: pass values in." },
      ],
    },
  },
  {
    // Configuration and wiring: the CLI owns the process (env, argv, exit, signals, the terminal) and
    // passes what the library needs in. (The output folder's lock may still name this process's pid.)
    files: ["src/config/**/*.ts", "src/app/**/*.ts", "src/index.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      ...restrict([{ group: ["**/cli/**"], message: "The library never imports the CLI." }, SANDBOX_INTERNALS]),
      "no-restricted-properties": [
        "error",
        ...["env", "argv", "exit", "exitCode", "on", "once", "stdout", "stderr", "cwd"].map((property) => ({
          object: "process",
          property,
          message: "Below the CLI nothing touches the process: the CLI passes it in through config.",
        })),
      ],
    },
  },
  {
    // Reporters render one model; shared presentation lives in present.ts (and the file writer in
    // files.ts), so no reporter imports a sibling. The registry is the one place that lists them all.
    files: ["src/reporters/**/*.ts"],
    ignores: ["**/*.test.ts", "src/reporters/registry.ts"],
    rules: restrict([
      {
        group: ["./console*", "./markdown*", "./junit*", "./html.js", "./manifest*", "./github*", "./registry*"],
        message: "Reporters do not import each other: put shared presentation in present.ts.",
      },
      {
        group: ["**/adapters/**", "**/cli/**", "**/app/**", "@aws-sdk/*"],
        message: "Reporters render the report model only.",
      },
      SANDBOX_INTERNALS,
    ]),
  },
  {
    // Every other harness module: the sandbox only through its public entry.
    files: [
      "src/adapters/**/*.ts",
      "src/cli/**/*.ts",
      "src/report/**/*.ts",
      "src/diff/**/*.ts",
      "src/integrity/**/*.ts",
      "src/integrations/**/*.ts",
      "src/index.ts",
    ],
    rules: restrict([SANDBOX_INTERNALS]),
  },
  {
    // The emulator imports nothing of the harness: it is its own package.
    files: ["packages/sandbox/**/*.ts"],
    plugins: { layers: { rules: { "stay-in-package": stayInPackage } } },
    rules: {
      ...restrict([
        {
          group: ["tip-proof", "tip-proof/*"],
          message: "The sandbox is its own package and never imports the harness.",
        },
      ]),
      "layers/stay-in-package": [
        "error",
        { root: "packages/sandbox", message: "The sandbox is its own package and never imports the harness" },
      ],
    },
  },
);
