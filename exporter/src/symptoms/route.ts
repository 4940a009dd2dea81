/**
 * `POST /v1/symptoms`: symptom counts from jobs on this node (loopback peers only,
 * JSON, at most 256 KiB). Answers 202 when counted, 200 when the run was already
 * counted, 400/403/413/415/422/429 otherwise, with problems that name fields only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { readBody } from '../http/body';
import { isLoopback } from '../http/loopback';
import { checkSymptomReport } from './schema';
import type { SymptomStore } from './store';
import type { StreamingProgressStore } from './streaming';

export const SYMPTOMS_PATH = '/v1/symptoms';

export interface SymptomStores {
  counters: SymptomStore;
  streaming: StreamingProgressStore;
  workloads: ReadonlySet<string>;
  now: () => number;
}

export function symptomsRoute(stores: SymptomStores, logger: Logger, limitBytes = 256 * 1024) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, 403, { error: 'symptoms are accepted from loopback only' });
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) return send(res, 415, { error: 'content-type must be application/json' });
    const body = await readBody(req, limitBytes);
    if (!body.ok) return send(res, body.status, { error: body.reason });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return send(res, 400, { error: 'body is not valid JSON' });
    }
    const checked = checkSymptomReport(parsed);
    if (!checked.ok) return send(res, 422, { error: 'invalid symptom report', problems: checked.problems });
    const report = checked.report;
    if (report.kind === 'streaming') {
      if (!stores.workloads.has(report.workload))
        return send(res, 422, { error: 'invalid symptom report', problems: ['workload: not a workload type of the spec'] });
      if (!stores.streaming.accept(report, stores.now())) return send(res, 429, { error: 'too many streaming queries on this node' });
      return send(res, 202, { counted: true });
    }
    const accepted = stores.counters.accept(report);
    if (!accepted.ok && accepted.reason === 'unknown-workload')
      return send(res, 422, { error: 'invalid symptom report', problems: ['workload: not a workload type of the spec'] });
    if (!accepted.ok) return send(res, 429, { error: 'too many symptom series on this node' });
    logger.log('debug', 'symptoms accepted', { kind: report.kind, counted: accepted.counted });
    send(res, accepted.counted ? 202 : 200, { counted: accepted.counted });
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
