// LF-tags: which tags a resource carries (with inheritance) and whether an LF-tag expression matches it.
// Inheritance, per key: a column's own tag overrides its table's, a table's overrides its database's —
// exactly how the seed-004 setup tags three PII columns "secured" inside an "accessible" table.

/** key → values. A resource carries one value per key in LF; lists are accepted and treated as a set. */
export type LfTags = Record<string, string[]>;

/** Effective tags of a resource given the tags set at each level (undefined = nothing set there). */
export function effectiveTags(database: LfTags | undefined, table?: LfTags, column?: LfTags): LfTags {
  const out: LfTags = {};
  for (const level of [database, table, column]) {
    if (!level) continue;
    // Later (more specific) levels replace the key wholesale: no merging of values across levels.
    for (const [key, values] of Object.entries(level)) out[key] = [...values];
  }
  return out;
}

/**
 * An expression {key: [values]} matches when, for EVERY key of the expression, the resource carries that
 * key with a value among the listed ones (values OR'd within a key, keys AND'd). A resource without the
 * key never matches; an empty expression matches nothing (LF requires at least one key).
 */
export function expressionMatches(expression: LfTags, resource: LfTags): boolean {
  const keys = Object.keys(expression);
  if (keys.length === 0) return false;
  return keys.every((key) => {
    const carried = resource[key];
    return carried !== undefined && carried.some((v) => expression[key].includes(v));
  });
}
