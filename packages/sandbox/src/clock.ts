/** The sandbox's time source. Tests move it forward to expire tokens and sessions without waiting. */
export interface Clock {
  now(): number;
  /** Moves the sandbox's notion of time forward (milliseconds). */
  advance(ms: number): void;
}

export function systemClock(offsetMs = 0): Clock {
  let offset = offsetMs;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
