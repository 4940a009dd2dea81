/**
 * Ack latency at a steady rate: one alert every 60/rate seconds, sent on a fixed
 * schedule whatever the previous answer took (open loop), so slow acks show up
 * as latency instead of lowering the rate.
 */
import { TOKENS, driftLabels, webhookBody } from '../../test/hooks/fixtures';

export async function steadyAcks(url: string, nodes: readonly string[], perMinute: number, seconds: number): Promise<{ latencies: number[]; failed: number }> {
  const every = 60_000 / perMinute;
  const total = Math.floor((seconds * 1000) / every);
  const latencies: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * every;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify(
      webhookBody([{ labels: driftLabels({ node: nodes[i % nodes.length]!, dimension: `steady.${Math.floor(i / nodes.length)}` }) }]),
    );
    sends.push(
      (async () => {
        const t = performance.now();
        const res = await fetch(`${url}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.webhook}` },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== 200) failed++;
      })(),
    );
  }
  await Promise.all(sends);
  return { latencies: latencies.sort((a, b) => a - b), failed };
}
