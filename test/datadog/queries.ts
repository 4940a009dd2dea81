/**
 * Reads the metric queries of generated monitors: which metrics they name and which
 * tags they filter or group by, to compare with what the Agent collects.
 */
export interface QueryUse {
  metric: string;
  tags: string[];
}

/** Every `space:metric{filter} by {tags}` in a metric-monitor query. */
export function metricUses(query: string): QueryUse[] {
  const uses: QueryUse[] = [];
  for (const m of query.matchAll(/(?:sum|max|min|avg):([a-z0-9_.]+)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?/g)) {
    const filters = (m[2] ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '*' && f !== '');
    const by = (m[3] ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    uses.push({ metric: m[1]!, tags: [...new Set([...filters.map((f) => f.replace(/^!/, '').split(':')[0]!), ...by])] });
  }
  return uses;
}
