/** One error type for expected HTTP failures, mapped to JSON in one place. */
import type { ErrorRequestHandler } from 'express';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Known errors keep their status and message; anything else is a 500 without internals. */
export function errorHandler(log: (msg: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) return void res.status(err.status).json({ error: err.message });
    // express.json() failures: malformed JSON or a body over the limit.
    const status = (err as { status?: number }).status;
    const type = (err as { type?: string }).type;
    if (status === 413 || type === 'entity.too.large') return void res.status(413).json({ error: `request body over the limit for ${req.path}` });
    if (status === 400 || type === 'entity.parse.failed')
      return void res.status(400).json({ error: `request body of ${req.method} ${req.path} is not valid JSON` });
    if (status === 415 || type === 'encoding.unsupported') return void res.status(415).json({ error: 'unsupported content encoding' });
    log(`unexpected error on ${req.method} ${req.path}: ${(err as Error).stack ?? String(err)}`);
    res.status(500).json({ error: 'internal error' });
  };
}
