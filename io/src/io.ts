/**
 * The CLI's only contact with the process: output streams, stdin, env and clock are
 * passed in, so commands run in-process in tests.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whole standard input as UTF-8. */
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Unix milliseconds. */
  now(): number;
}

/** The real process. */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    now: Date.now,
  };
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const;
