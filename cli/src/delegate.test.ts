import { describe, expect, it } from 'vitest';
import { runDelegate } from './delegate';
import type { Io } from '@plumb/io';

function recorder() {
  const lines: string[] = [];
  const io: Io = { out: (t) => void lines.push(t), err: (t) => void lines.push(t), readStdin: async () => '', env: {}, now: () => 0 };
  return { io, lines };
}

describe('runDelegate', () => {
  it.each([
    { name: 'A command whose package is missing reports "not available" with exit 2.', table: { audit: { module: './no-such-module.ts', entry: 'runAuditCli' } } },
    { name: 'A module without the entry point reports "not available" with exit 2.', table: { audit: { module: './io.ts', entry: 'runAuditCli' } } },
  ])('$name', async ({ table }) => {
    const { io, lines } = recorder();
    expect(await runDelegate('audit', [], io, table)).toBe(2);
    expect(lines.join('')).toContain('not available');
  });

  it('The entry point gets the remaining arguments and its exit code is returned.', async () => {
    const { io } = recorder();
    const code = await runDelegate('audit', ['verify', 'core/testdata/no-such-audit.jsonl'], io);
    // The audit CLI answers 2 for an unreadable file; what matters is that it ran.
    expect(code).toBe(2);
  });
});
