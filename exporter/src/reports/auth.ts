/**
 * Who may post a report (`POST /v1/report`). Three policies:
 *   - `loopback`: only peers on this machine, unauthenticated (EMR, plain hosts);
 *   - `token`: every peer, loopback included, sends its pod's projected service-account
 *     token (`Authorization: Bearer`); it is checked with a TokenReview for the configured
 *     audience and must be bound to a pod that runs on this node;
 *   - `token+loopback`: tokens from other peers, loopback still open.
 * A refusal is a value naming why (never the token); a TokenReview that cannot be made
 * is 503 (retry later), never an acceptance.
 */
import { isLoopback } from '../http/loopback';

export const REPORT_AUTH_MODES = ['loopback', 'token', 'token+loopback'] as const;
export type ReportAuthMode = (typeof REPORT_AUTH_MODES)[number];

/** What a TokenReview says about a token (status of `authentication.k8s.io/v1` TokenReview). */
export interface TokenReviewResult {
  authenticated: boolean;
  audiences: string[];
  username: string;
  extra: Record<string, string[]>;
}

export interface TokenChecks {
  audience: string;
  review(token: string, audience: string): Promise<TokenReviewResult>;
  /** Whether pod `namespace/name` with `uid` is bound to this node. */
  podOnNode(namespace: string, name: string, uid: string): Promise<boolean>;
  node: string;
}

export type ReportAuthDecision = { ok: true; who: string } | { ok: false; status: 401 | 403 | 503; reason: string };

export type ReportAuthorizer = (peer: string | undefined, authorization: string | undefined) => Promise<ReportAuthDecision>;

const POD_NAME = 'authentication.kubernetes.io/pod-name';
const POD_UID = 'authentication.kubernetes.io/pod-uid';

export function createReportAuthorizer(mode: ReportAuthMode, tokens?: TokenChecks): ReportAuthorizer {
  return async (peer, authorization) => {
    const local = isLoopback(peer);
    if (mode === 'loopback' || tokens === undefined)
      return local ? { ok: true, who: 'loopback' } : { ok: false, status: 403, reason: 'reports are accepted from loopback only' };
    if (mode === 'token+loopback' && local) return { ok: true, who: 'loopback' };
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined)
      return { ok: false, status: 401, reason: `missing bearer token: send the pod's projected service-account token (audience ${tokens.audience})` };
    let review: TokenReviewResult;
    try {
      review = await tokens.review(token, tokens.audience);
    } catch {
      return { ok: false, status: 503, reason: 'cannot check the token now (TokenReview failed); retry later' };
    }
    if (!review.authenticated) return { ok: false, status: 401, reason: 'token rejected by TokenReview (forged, expired or revoked)' };
    if (!review.audiences.includes(tokens.audience)) return { ok: false, status: 401, reason: `token is not for audience ${tokens.audience}` };
    const name = review.extra[POD_NAME]?.[0];
    const uid = review.extra[POD_UID]?.[0];
    const namespace = /^system:serviceaccount:([^:]+):[^:]+$/.exec(review.username)?.[1];
    if (name === undefined || uid === undefined || namespace === undefined)
      return { ok: false, status: 403, reason: 'token is not bound to a pod: use a projected service-account token' };
    let onNode: boolean;
    try {
      onNode = await tokens.podOnNode(namespace, name, uid);
    } catch {
      return { ok: false, status: 503, reason: 'cannot check where the pod runs now; retry later' };
    }
    if (!onNode) return { ok: false, status: 403, reason: `pod ${namespace}/${name} does not run on this node (${tokens.node})` };
    return { ok: true, who: `pod ${namespace}/${name}` };
  };
}
