/** What the handler has decided so far, read from its HTTP API. Filled in once the API exists. */
import type { HandlerProcess } from './handler';

export interface HandlerSummary {
  decisions: number;
  wouldDo: Record<string, number>;
  refused: number;
  /** Share of the disruption budget's base used, per region (0.01 = the 1 % limit). */
  budget: Record<string, number>;
}

export async function handlerSummary(_handler: HandlerProcess): Promise<HandlerSummary | undefined> {
  return undefined;
}
