// For the calls not looked up by the run's role session name (core/evidence.ts lookupPlan): sign-ins,
// and every call on an account where Username turns out not to be the session name.
// By event name or by access key: chosen per event name and per sweep from what earlier sweeps measured,
// never guessed. By name, a listing pages through every record of that name in the account (other
// users' traffic and Lake Formation's own GetDataAccess records included); by key, one listing per
// distinct session key still waited on, each paging through that session's own records. On a quiet
// account the names are far cheaper (a few event names against one listing per persona); on a busy one
// the keys are. Pure and deterministic: the same observations give the same choice.
export const PAGE_SIZE = 50;

export type LookupMode = "name" | "keys";

/**
 * The pages of other users' records a name listing will page through over `windowMs`, projected from
 * what it has read: `unmatched` records spanning newest − oldest (event times have second precision,
 * hence the added second, which can only lower the projection). The run's own records are left out:
 * they are read by key too. Only used to stop a listing that is costing more than the keys would.
 */
export function projectedForeignPages(
  l: { unmatched: number; newest: number; oldest: number },
  windowMs: number,
): number {
  if (!Number.isFinite(l.newest) || !Number.isFinite(l.oldest)) return 0;
  return (l.unmatched / PAGE_SIZE) * (windowMs / (l.newest - l.oldest + 1_000));
}

export class LookupStrategy {
  /** Per event name: records per ms that a name listing paged through and that matched no waiting request. */
  private readonly traffic = new Map<string, number>();
  /** Per event name: pages a listing of the whole window is known to exceed (it was cut short there). */
  private readonly wholeAtLeast = new Map<string, number>();
  private keyListings = 0;
  private keyPages = 0;

  /**
   * A name listing paged through `unmatched` records proving nothing waited on, whose event times span
   * `spanMs`: the account's traffic under that name, as a rate. `lowerBound`: the listing stopped with
   * pages left, so the rate is at least this and never lowers an earlier figure.
   */
  observeName(eventName: string, unmatched: number, spanMs: number, lowerBound?: { pages: number }): void {
    const rate = unmatched / Math.max(1_000, spanMs);
    this.traffic.set(eventName, lowerBound ? Math.max(rate, this.traffic.get(eventName) ?? 0) : rate);
    // A listing cut short after n pages: reading the whole window by name takes more than n.
    if (lowerBound)
      this.wholeAtLeast.set(eventName, Math.max(this.wholeAtLeast.get(eventName) ?? 0, lowerBound.pages + 1));
    else this.wholeAtLeast.delete(eventName);
  }

  /** A key listing took `pages` calls. */
  observeKey(pages: number): void {
    this.keyListings++;
    this.keyPages += pages;
  }

  /** Calls one key listing takes, as measured (one until measured: a session's records usually fit a page). */
  pagesPerKey(): number {
    return this.keyListings ? this.keyPages / this.keyListings : 1;
  }

  /** Calls a name listing over `windowMs` of traffic (`whole`: the run's whole window) is expected to take (undefined: never measured). */
  namePages(eventName: string, windowMs: number, whole = false): number | undefined {
    const rate = this.traffic.get(eventName);
    if (rate === undefined) return undefined;
    return Math.max(1, Math.ceil((rate * windowMs) / PAGE_SIZE), whole ? (this.wholeAtLeast.get(eventName) ?? 0) : 0);
  }

  /**
   * The cheaper way to look up `eventName` in the next sweep: `keys` distinct keys are waited on and the
   * name listing would cover `windowMs`. By name until measured (that listing is the measurement), and
   * on a tie (one call either way reads fewer foreign records by name only if the account is quiet,
   * and a name listing serves requests that have no key too).
   */
  choose(eventName: string, keys: number, windowMs: number, whole = false): LookupMode {
    const byName = this.namePages(eventName, windowMs, whole);
    if (!keys || byName === undefined) return "name";
    return keys * this.pagesPerKey() < byName ? "keys" : "name";
  }

  /** Pages after which a name listing has cost more than looking the same requests up by key would. */
  nameCap(keys: number): number {
    return keys ? Math.max(1, Math.ceil(keys * this.pagesPerKey())) : Infinity;
  }
}
