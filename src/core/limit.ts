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
 *
 * The capped lanes also progress in proportion: none starts more than one job ahead of the share of
 * its work that the furthest-behind capped lane has started. Without it the fast lane (Access Grants,
 * a call each) ran its whole backlog in the first seconds, and the burst of calls slowed the
 * harness and the service alike while the slow lane (Athena, whose concurrency sets the run's floor)
 * was starting its first queries: measured on the sandbox, the first 40 queries took 2 s instead of
 * 0.33 s. Paced, the fast lane spreads over the slow lane's time and both end together.
 */
export function laneLimiter(total: number, lanes: ReadonlyMap<string, number>) {
  interface Lane {
    running: number;
    started: number;
    queue: { seq: number; start: () => void }[];
    head: number;
  }
  let active = 0,
    seq = 0;
  const state = new Map<string | undefined, Lane>();
  const paced = (lane: string | undefined): lane is string => lane !== undefined && lanes.has(lane);
  const waiting = (l: Lane) => l.queue.length - l.head;
  const pump = () => {
    while (active < total) {
      // The capped lane furthest behind: the least share of its jobs started, among those with jobs
      // waiting, as an exact fraction (started / of): a float share such as 15/22 × 22 is not 15, and
      // one comparison that rounds the wrong way would stall every lane.
      let behind: { started: number; of: number } | undefined;
      for (const [name, l] of state) {
        if (!paced(name) || !waiting(l)) continue;
        const of = l.started + waiting(l);
        if (!behind || l.started * behind.of < behind.started * of) behind = { started: l.started, of };
      }
      let pick: Lane | undefined;
      for (const [name, l] of state) {
        if (!waiting(l)) continue;
        if (paced(name)) {
          if (l.running >= Math.max(1, lanes.get(name)!)) continue;
          // At most one job ahead of that share: started / of ≤ behind's share.
          if (behind && l.started * behind.of > behind.started * (l.started + waiting(l))) continue;
        }
        // Among the lanes that may start, the job that came first.
        if (!pick || l.queue[l.head].seq < pick.queue[pick.head].seq) pick = l;
      }
      if (!pick) return;
      const job = pick.queue[pick.head++];
      if (pick.head > 1024 && pick.head * 2 > pick.queue.length) {
        pick.queue = pick.queue.slice(pick.head);
        pick.head = 0;
      }
      pick.running++;
      pick.started++;
      active++;
      job.start();
    }
  };
  /**
   * Runs `job` in `lane`. The job may hand its lane place back before it ends (`releaseLane`), when
   * what the lane caps is over but the job has more to do: a query that has ended no longer counts
   * against Athena's active-query quota while its results are read. It keeps its place in `total`.
   */
  return async <T>(lane: string | undefined, job: (releaseLane: () => void) => Promise<T>): Promise<T> => {
    const l = state.get(lane) ?? state.set(lane, { running: 0, started: 0, queue: [], head: 0 }).get(lane)!;
    await new Promise<void>((start) => {
      l.queue.push({ seq: seq++, start });
      pump();
    });
    let held = true;
    const releaseLane = () => {
      if (!held) return;
      held = false;
      l.running--;
      pump();
    };
    try {
      return await job(releaseLane);
    } finally {
      active--;
      if (held) l.running--;
      held = false;
      pump();
    }
  };
}
