/**
 * The `plumb-spec:<hash>` tag: which version of the spec a monitor was compiled from.
 * A hash of the model (not of the file), so comments and formatting do not count.
 */
import { createHash } from 'node:crypto';
import type { Model } from '../../spec/model';

export function specHash(model: Model): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 12);
}
