/**
 * The default change sink: one JSON object per line on stdout, so a log shipper
 * or `plumb-exporter | jq` can follow changes. Kafka plugs in through the same
 * `EventSink<ChangeEvent>` interface.
 */
import type { ChangeEvent, EventSink } from '@plumb/core/state/events';

export function createJsonLinesSink(write: (chunk: string) => void = (c) => process.stdout.write(c)): EventSink<ChangeEvent> {
  return {
    async write(records) {
      if (records.length > 0) write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
    async close() {},
  };
}
