/**
 * When worker rounds run: every `periodMs`, pulled forward (by 20 ms) when new
 * work arrives. A stream of deliveries cannot postpone a round forever, and a
 * kick during a round asks for one more round right after it.
 */
export class RoundScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private kickScheduled = false;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly periodMs: number,
    private readonly log: (msg: string) => void,
  ) {}

  start(): void {
    void this.tick();
  }

  /** New work arrived: run a round soon. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (!this.kickScheduled) {
      this.kickScheduled = true;
      this.schedule(20);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.kickScheduled = false;
    if (this.stopped) return;
    this.running = true;
    try {
      await this.round();
    } catch (err) {
      this.log(`worker round failed: ${(err as Error).message}`);
    }
    this.running = false;
    if (this.stopped) return;
    this.schedule(this.again ? 20 : this.periodMs);
    this.again = false;
  }
}
