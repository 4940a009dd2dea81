/** What a runtime probe returns: a value, nothing installed, or a value-free reason. */
import type { ChangeCause } from '@plumb/core/attribution/cause';
import type { CollectContext } from '../readings';

export type ProbeResult = { kind: 'value'; value: string; source: string; cause?: ChangeCause } | { kind: 'absent' } | { kind: 'error'; reason: string };

/** A runtime probe; `name` is the package for python-package and os-package. */
export type Probe = (ctx: CollectContext, name: string | undefined) => Promise<ProbeResult>;
