// Where console output goes: an injected stream, never process.stdout directly, so tests capture it.
export interface Screen {
  write(text: string): void;
  isTTY: boolean;
  color: boolean;
}

export function terminalScreen(stream: NodeJS.WriteStream = process.stdout, env = process.env): Screen {
  const isTTY = !!stream.isTTY && env.CI !== "true";
  return {
    write: (t) => {
      stream.write(t);
    },
    isTTY,
    color: isTTY && !env.NO_COLOR,
  };
}

export function paint(screen: Screen) {
  const c = (code: number) => (s: string) => (screen.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: c(31), green: c(32), yellow: c(33), blue: c(34), magenta: c(35), dim: c(2), bold: c(1) };
}
