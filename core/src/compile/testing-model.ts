/** Test support: the model of the rules-test spec and a readable fake hasher. */
import { loadSpecFile } from '../spec/testing-spec-file';
import type { DimensionRule, Model } from '../spec/model';
import type { Hasher } from './expected-hashes';

export function rulesTestModel(): Model {
  const loaded = loadSpecFile('core/testdata/rules-tests/spec.yaml');
  if (!loaded.ok) throw new Error('core/testdata/rules-tests/spec.yaml must load');
  return loaded.model;
}

export function ruleOf(model: Model, id: string): DimensionRule {
  const rule = model.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** `h_<value>` instead of an HMAC, so expressions are easy to assert on. */
export const fakeHash: Hasher = (_dimension, canonical) => `h_${canonical.replace(/[^a-z0-9]/gi, '')}`;
