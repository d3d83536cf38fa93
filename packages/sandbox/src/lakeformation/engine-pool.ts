// The sandbox's Lake Formation-enforcing query engines: the base store (all data, loaded once, lazily)
// and one identity engine per distinct visibility. Engines are keyed by the visibility fingerprint, not
// by user: two personas who may see exactly the same cells share one engine (same contents), which
// keeps the number of DuckDB instances at the number of distinct permission sets. Fixtures are static
// for a sandbox's life, so nothing is ever invalidated.
import type { Fixture } from "../fixture/load.js";
import { BaseStore } from "./base-store.js";
import { IdentityEngine } from "./identity-engine.js";
import { ParseCache } from "./parse-cache.js";
import { visibilityFingerprint, type Visibility } from "./permissions.js";

export class LakeEngines {
  private base?: Promise<BaseStore>;
  private readonly engines = new Map<string, Promise<IdentityEngine>>();
  /** What DuckDB's parser says about each query text, for every engine (see parse-cache.ts). */
  private readonly parses = new ParseCache();
  private closed = false;

  constructor(private readonly fixture: Fixture) {}

  engineFor(v: Visibility): Promise<IdentityEngine> {
    if (this.closed) return Promise.reject(new Error("sandbox query engines are closed"));
    const key = visibilityFingerprint(v);
    let engine = this.engines.get(key);
    if (!engine) {
      engine = this.baseStore().then((base) => IdentityEngine.build(base, v, this.parses));
      // A failed build is not cached: the next query retries (and fails the same way, visibly).
      engine.catch(() => this.engines.delete(key));
      this.engines.set(key, engine);
    }
    return engine;
  }

  private baseStore(): Promise<BaseStore> {
    if (!this.base) {
      this.base = BaseStore.load(this.fixture);
      this.base.catch(() => {
        this.base = undefined;
      });
    }
    return this.base;
  }

  async close(): Promise<void> {
    this.closed = true;
    const engines = [...this.engines.values()];
    this.engines.clear();
    for (const e of engines)
      await e.then(
        (x) => x.close(),
        () => undefined,
      );
    if (this.base)
      await this.base.then(
        (b) => b.close(),
        () => undefined,
      );
    this.base = undefined;
  }
}
