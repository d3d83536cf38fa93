/** Runs at most `n` of the given async jobs at once (a tiny p-limit: the slot is handed straight to the next waiter). */
export function limiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    else active++;
    try {
      return await job();
    } finally {
      const waiter = queue.shift();
      if (waiter) waiter();
      else active--;
    }
  };
}

/**
 * Runs at most `total` jobs at once, and at most `lanes[lane]` of one lane. A job whose lane is full
 * lets later jobs of other lanes go first (a plain queue would park a slow lane's backlog in the shared
 * slots, or put the critical lane's next job behind hundreds of others).
 */
export function laneLimiter(total: number, lanes: ReadonlyMap<string, number>) {
  let active = 0;
  const inLane = new Map<string, number>();
  const pending: { lane?: string; start: () => void }[] = [];
  const full = (lane?: string) => lane !== undefined && lanes.has(lane) && (inLane.get(lane) ?? 0) >= lanes.get(lane)!;
  const pump = () => {
    for (let i = 0; i < pending.length && active < total;) {
      const p = pending[i];
      if (full(p.lane)) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      active++;
      if (p.lane !== undefined) inLane.set(p.lane, (inLane.get(p.lane) ?? 0) + 1);
      p.start();
    }
  };
  return async <T>(lane: string | undefined, job: () => Promise<T>): Promise<T> => {
    await new Promise<void>((start) => {
      pending.push({ lane, start });
      pump();
    });
    try {
      return await job();
    } finally {
      active--;
      if (lane !== undefined) inLane.set(lane, inLane.get(lane)! - 1);
      pump();
    }
  };
}
