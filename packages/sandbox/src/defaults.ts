// Constants the CLI needs without loading the sandbox itself.
export const DEFAULT_SANDBOX_PORT = 4599;
