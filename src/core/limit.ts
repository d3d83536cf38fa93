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

/** A following lane's jobs in flight before job times are known (see laneLimiter's inFlightFor). */
const FOLLOW_FIRST = 8;

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
 *
 * Following the slow lane's share still let the fast lane start in bursts: each time the slow lane
 * started a batch (32 queries whose ends came together), the fast lane's share jumped by 48 jobs and
 * up to its cap of them started at once, in the very moments the slow lane's ends, status polls and
 * next starts needed the harness. So a fast lane also keeps in flight only what keeps its pace (see
 * `inFlightFor`), and the bursts are gone: measured on the sandbox (`npm run bench`, 50 × 20), the
 * checks phase went from 4.79–5.37 s with up to 32 Access Grants calls at once to 4.56–4.64 s (and
 * 4.55–4.68 s with 6 set by hand).
 */
export function laneLimiter(total: number, lanes: ReadonlyMap<string, number>, clock: () => number = Date.now) {
  interface Lane {
    running: number;
    started: number;
    queue: Job[];
    head: number;
    /** Jobs' time in the lane (start to lane place handed back), a moving average; unset until one is over. */
    dur?: number;
    /** The running jobs (their start times). */
    inFlight: Set<Job>;
  }
  interface Job {
    seq: number;
    start: () => void;
    at: number;
  }
  let active = 0,
    seq = 0;
  const state = new Map<string | undefined, Lane>();
  const paced = (lane: string | undefined): lane is string => lane !== undefined && lanes.has(lane);
  const waiting = (l: Lane) => l.queue.length - l.head;
  /** A lane's job time: measured, else at least what its oldest running job has taken so far. */
  const durationOf = (l: Lane, t: number): number | undefined => {
    if (l.dur !== undefined) return l.dur;
    let oldest = Infinity;
    for (const j of l.inFlight) oldest = Math.min(oldest, j.at);
    return Number.isFinite(oldest) ? Math.max(1, t - oldest) : undefined;
  };
  /**
   * The jobs lane `l` may have in flight: its cap, unless another capped lane sets the pace (it has the
   * most time of work left, running jobs included: jobs × job time ÷ cap). Then what keeps `l` in
   * proportion with it (the pace lane's rate at its cap × `l`'s jobs per pace-lane job × `l`'s own job
   * time), or, when `l` has fallen behind, what ends its work with the pace lane's (its jobs left × its
   * job time ÷ the pace lane's time left), whichever is more; with half as much again and one more as
   * headroom. Job times are measured as the run goes, so a slow service gets more calls in flight and
   * a fast one fewer. The pace lane itself never waits for a follower's share (see pump).
   * Simulated against the share rule alone (a virtual clock, 11 plans and 3,000 fuzzed ones): no stall,
   * no cap exceeded, within 2% everywhere, and 1.43× instead of 1.50× the floor where 10 slow queries
   * shared a run with 990 calls.
   */
  const inFlightFor = (
    name: string,
    l: Lane,
    pace: { l: Lane; cap: number; dur: number; time: number } | undefined,
  ) => {
    const cap = Math.max(1, lanes.get(name)!);
    if (!pace || pace.l === l) return cap;
    // Until both job times are measured, a few: the pace lane's first jobs (the run's first batch) go
    // out first, and a few fast jobs at once more than keep up with a batch of slow ones.
    if (l.dur === undefined || pace.l.dur === undefined) return Math.min(cap, FOLLOW_FIRST);
    const ratio = (l.started + waiting(l)) / (pace.l.started + waiting(pace.l));
    const need = Math.max(
      (Math.min(pace.cap, pace.l.running + waiting(pace.l)) / pace.dur) * ratio * l.dur,
      // Behind (held back, or in the pace lane's last jobs): what ends its work with the pace lane's.
      ((waiting(l) + l.running) * l.dur) / Math.max(1, pace.time),
    );
    const bound = Math.ceil(1.5 * need) + 1;
    return Number.isFinite(bound) ? Math.min(cap, bound) : cap;
  };
  /**
   * The jobs of `l` that count against that bound: not those running over twice the lane's job time.
   * A few slow calls (a throttled call's retries) would otherwise fill it while the average, made of
   * the many quick ones, stays low: the lane falls behind its share and holds the pace lane back.
   */
  const counted = (l: Lane, t: number) => {
    if (l.dur === undefined) return l.running;
    let n = 0;
    for (const j of l.inFlight) if (t - j.at <= 2 * l.dur + 1) n++;
    return n;
  };
  const pump = () => {
    const t = clock();
    let pace: { l: Lane; cap: number; dur: number; time: number } | undefined;
    for (const [name, l] of state) {
      if (!paced(name) || !(waiting(l) + l.running)) continue;
      const dur = durationOf(l, t);
      const cap = Math.max(1, lanes.get(name)!);
      const time = dur === undefined ? NaN : ((waiting(l) + l.running) * dur) / cap;
      if (dur !== undefined && Number.isFinite(time) && time > (pace?.time ?? 0)) pace = { l, cap, dur, time };
    }
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
          const cap = Math.max(1, lanes.get(name)!);
          if (l.running >= cap) continue;
          const bound = inFlightFor(name, l, pace);
          if (bound < cap && counted(l, t) >= bound) continue;
          // At most one job ahead of that share: started / of ≤ behind's share.
          // The pace lane never waits for another's share (it would wait on a lane held to its bound):
          // the others follow it, and one it has left behind is the furthest behind, so it may start.
          if (pace?.l !== l && behind && l.started * behind.of > behind.started * (l.started + waiting(l))) continue;
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
      job.at = clock();
      pick.inFlight.add(job);
      job.start();
    }
  };
  /**
   * Runs `job` in `lane`. The job may hand its lane place back before it ends (`releaseLane`), when
   * what the lane caps is over but the job has more to do: a query that has ended no longer counts
   * against Athena's active-query quota while its results are read. It keeps its place in `total`.
   */
  return async <T>(lane: string | undefined, job: (releaseLane: () => void) => Promise<T>): Promise<T> => {
    const l =
      state.get(lane) ??
      state.set(lane, { running: 0, started: 0, queue: [], head: 0, inFlight: new Set() }).get(lane)!;
    const mine: Job = { seq: seq++, start: () => undefined, at: 0 };
    await new Promise<void>((start) => {
      mine.start = start;
      l.queue.push(mine);
      pump();
    });
    let held = true;
    const leave = () => {
      held = false;
      l.running--;
      l.inFlight.delete(mine);
      const took = Math.max(0, clock() - mine.at);
      if (Number.isFinite(took)) l.dur = l.dur === undefined ? took : 0.8 * l.dur + 0.2 * took;
    };
    const releaseLane = () => {
      if (!held) return;
      leave();
      pump();
    };
    try {
      return await job(releaseLane);
    } finally {
      active--;
      if (held) leave();
      pump();
    }
  };
}
