/** Starting plumb-hooks for the local stack (dry-run). Filled in once the handler's CLI exists. */
export interface HandlerProcess {
  url: string;
  webhookUrl: string;
  stop(): Promise<void>;
}

export interface HandlerStartOptions {
  repoRoot: string;
  workDir: string;
  port: number;
  specPath: string;
  prometheus: Record<string, string>;
  alertmanagerUrl: string;
  webhookTokenFile: string;
  simUrl: string;
  fast: boolean;
  log: (line: string) => void;
}

export async function startHandler(o: HandlerStartOptions): Promise<HandlerProcess | undefined> {
  o.log('plumb-hooks: not started (handler CLI not available yet)');
  return undefined;
}
