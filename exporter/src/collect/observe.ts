/**
 * Turns a raw value for a dimension rule into an `Observation`: canonicalise, hash
 * with the fleet salt, and keep the clear value only where the spec allows it.
 * Pure; the canonical value is handed back for local evaluation and is never rendered.
 */
import { canonicalise } from '@plumb/core/hash/canonical';
import { sharedSecretHasher, usesSecretKdf, type DimensionHasher } from '@plumb/core/hash/secret-hash';
import type { DimensionRule } from '@plumb/core/spec/model';
import type { Observation } from '@plumb/core/state/types';
import type { ConfigScalar } from './formats/types';
import { hasSecretLeaf } from './secret-leaves';
import { looksLikeSecretValue } from './secret-values';

/** What hashing needs: the salt and the spec's settings. */
export interface ObserveContext {
  salt: Uint8Array;
  /** `settings.hashLength`. */
  hashLength: number;
  /** `settings.maxExposedValueLength`. */
  maxExposedValueLength: number;
  /** Hashes values; default: the process's cached hasher for this salt (scrypt for secrets, once per value). */
  hasher?: DimensionHasher;
}

/** An observation plus its canonical value, which stays in memory on the node. */
export interface Observed {
  observation: Observation;
  canonical: string;
  /** False when the value did not fit the rule's type and was hashed as a plain string. */
  typed: boolean;
}

/**
 * Observes `raw` for `rule`. `secret` forces hashing only (a secret-looking env var
 * name or an Airflow `_CMD` reference), whatever the rule says, and so does a value
 * that looks like a credential (see `looksLikeSecretValue`), a structured value with a
 * secret leaf (`hasSecretLeaf`) and a key named like a credential even under
 * `secret: false` (`admin_password`). A value that does
 * not fit the rule's type (`abc` for a number) is still hashed, as a trimmed
 * string, so it shows up as drift instead of vanishing.
 */
export function observe(rule: DimensionRule, raw: ConfigScalar, source: string, ctx: ObserveContext, secret = false): Observed {
  const { typed, canonical, hidden } = classify(rule, raw, secret);
  const hasher = ctx.hasher ?? sharedSecretHasher(ctx.salt, ctx.hashLength);
  const observation: Observation = {
    workload: rule.workload,
    dimension: rule.key,
    // Secret values go through scrypt (once per value): a leaked salt must not make weak secrets cheap to guess.
    hash: hasher(rule.key, canonical, hidden),
    source,
  };
  if (!hidden && rule.expose && canonical.length <= ctx.maxExposedValueLength && isLabelSafe(canonical)) observation.value = canonical;
  if (!hidden && typed && rule.type === 'number') observation.numeric = Number(canonical);
  return { observation, canonical, typed };
}

/** The canonical value of `raw` and whether it is secret (hashed with the KDF, never exposed). */
export function classify(rule: DimensionRule, raw: ConfigScalar, secret = false): { typed: boolean; canonical: string; hidden: boolean } {
  const typed = canonicalise(raw, rule.type, rule.normalize);
  const canonical = typed.ok ? typed.value : String(raw).trim();
  return { typed: typed.ok, canonical, hidden: usesSecretKdf(rule, secret || looksLikeSecretValue(canonical) || hasSecretLeaf(canonical)) };
}

/** Control characters make poor label values and often mean binary or multi-line content. */
function isLabelSafe(value: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(value);
}
