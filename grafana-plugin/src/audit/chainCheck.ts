/**
 * Checks the audit records the handler returns: each record's hash must be the SHA-256
 * of its canonical JSON (keys sorted, undefined dropped) and link to the one before.
 * Runs on Web Crypto, so it works in the browser and in Node alike.
 */

export interface AuditRecordView {
  seq: number;
  atMs: number;
  actor: string;
  kind: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type ChainStatus = { ok: true; checked: number; complete: boolean } | { ok: false; checked: number; seq: number; problem: string };

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level; the same form the handler hashes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Verifies a window of consecutive records. `complete` is true when the window starts
 * at the first record of the log (seq 1), so the genesis link was checked too.
 */
export async function checkChain(records: readonly AuditRecordView[]): Promise<ChainStatus> {
  let previous: AuditRecordView | undefined;
  for (const r of records) {
    const { hash, ...body } = r;
    if ((await sha256Hex(canonicalJson(body))) !== hash) return { ok: false, checked: records.indexOf(r), seq: r.seq, problem: 'record was altered (hash does not match its content)' };
    if (previous && (r.seq !== previous.seq + 1 || r.prevHash !== previous.hash)) return { ok: false, checked: records.indexOf(r), seq: r.seq, problem: 'record does not link to the one before (dropped, inserted or reordered)' };
    if (!previous && r.seq === 1 && r.prevHash !== GENESIS) return { ok: false, checked: 0, seq: 1, problem: 'first record does not start the chain' };
    previous = r;
  }
  return { ok: true, checked: records.length, complete: records[0]?.seq === 1 };
}
