/** A minimal Prometheus HTTP API client for the stack's summary and checks. */

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** Instant query; rejects with the query and Prometheus' error on failure. */
export async function instantQuery(baseUrl: string, expr: string, timeoutMs = 5000): Promise<Sample[]> {
  const url = `${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`query failed at ${baseUrl}: ${expr}: ${body.error ?? res.status}`);
  if (body.data.resultType !== 'vector') throw new Error(`expected a vector from ${expr}, got ${body.data.resultType}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** Like `instantQuery`, but an unreachable Prometheus gives `undefined` instead of a rejection. */
export async function tryQuery(baseUrl: string, expr: string): Promise<Sample[] | undefined> {
  try {
    return await instantQuery(baseUrl, expr);
  } catch {
    return undefined;
  }
}
