/**
 * Checks the audit chains read from `plumb.audit` against the chain-head
 * checkpoints read from `plumb.audit-checkpoints`: each checkpoint must name a
 * record of the chain with that hash, so a topic whose last records were lost
 * or whose chain was rewritten and re-linked is caught. Checkpoints older than
 * the first record kept (retention) are skipped. Pure.
 */
import { verifyCheckpoints } from './checkpoint';
import type { AuditRecordBody } from './encode';

export type AnchorReport =
  { chainId: string; anchored: true; checked: number; highestSeq: number } | { chainId: string; anchored: false; problem: string | undefined };

export function anchorChains(
  records: readonly AuditRecordBody[],
  checkpoints: ReadonlyMap<string, readonly string[]>,
  key: string | undefined,
  topic: string,
): AnchorReport[] {
  const hashesByChain = new Map<string, Map<number, string>>();
  for (const r of records) {
    const hashes = hashesByChain.get(r.chainId) ?? new Map<number, string>();
    hashes.set(r.seq, r.hash);
    hashesByChain.set(r.chainId, hashes);
  }
  return [...hashesByChain].map(([chainId, hashes]): AnchorReport => {
    const firstSeq = Math.min(...hashes.keys());
    const lines = (checkpoints.get(chainId) ?? []).filter((l) => (JSON.parse(l) as { seq: number }).seq >= firstSeq);
    if (lines.length === 0) return { chainId, anchored: false, problem: undefined };
    const verdict = verifyCheckpoints(lines, hashes, key, topic);
    return verdict.ok
      ? { chainId, anchored: true, checked: verdict.checked, highestSeq: verdict.highestSeq }
      : { chainId, anchored: false, problem: verdict.problem };
  });
}

/** One line per chain for the operator. */
export function describeAnchor(r: AnchorReport, checkpointTopic: string): string {
  if (r.anchored) return `audit chain ${r.chainId}: ${r.checked} checkpoints in ${checkpointTopic} up to seq ${r.highestSeq} match`;
  if (r.problem === undefined)
    return `audit chain ${r.chainId}: not anchored, no checkpoint in ${checkpointTopic}; lost final records or a re-linked rewrite cannot be ruled out`;
  return `audit chain ${r.chainId}: CHECKPOINT MISMATCH: ${r.problem}; attributions from it are not trustworthy`;
}
