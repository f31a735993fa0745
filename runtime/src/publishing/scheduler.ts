import { publishedChannel } from '../catalog/index.ts';
import type { Logger } from '../platform/observability/log.ts';
import { publishDue } from './publication.ts';
import type { StudioDeps } from './version-rows.ts';

/** setTimeout holds at most 2³¹ − 1 ms; a publication further off is looked at again after this long. */
const longestWait = 6 * 3_600_000;

/**
 * Each process keeps one timer, for the nearest scheduled publication, so a version goes live at its time with no
 * request and no restart: armed on start and again on every notification of the published channel (a version
 * scheduled, withdrawn or published anywhere). When it rings, the process publishes what is due (publishDue: once,
 * whichever process comes first). The delay is counted on the service's clock, so a drill clock (BANSHI_CLOCK) is
 * honoured. The worker's pass calls publishDue too, as a net under a timer that slept through its time.
 */
export class PublicationScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private generation = 0;
  private stopped = false;
  /** The instant the timer is set for, if any. */
  armedFor: number | undefined;

  constructor(
    private readonly s: StudioDeps,
    private readonly log?: Logger
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.s.db.listen(publishedChannel, () => this.rearm());
    await this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unlisten?.();
  }

  rearm(): void {
    void this.arm().catch(error =>
      this.log?.({ level: 'warn', msg: 'publication timer not armed', error: String(error) })
    );
  }

  private async arm(): Promise<void> {
    const mine = ++this.generation;
    const [next] = await this.s.db.query<{ at: Date | null }>(
      `select min(scheduled_at) as at from matter_versions where state = 'scheduled'`
    );
    // A later call read later data: its answer wins.
    if (mine !== this.generation || this.stopped) return;
    clearTimeout(this.timer);
    this.armedFor = next?.at ? new Date(next.at).getTime() : undefined;
    if (this.armedFor === undefined) return;
    const delay = Math.max(0, this.armedFor - this.s.now());
    this.timer = setTimeout(() => void this.ring(), Math.min(delay, longestWait));
    this.timer.unref?.();
  }

  private async ring(): Promise<void> {
    try {
      const published = await publishDue(this.s, this.s.now());
      if (published > 0) this.log?.({ level: 'info', msg: 'scheduled versions published', published });
      if (!this.stopped) this.rearm();
    } catch (error) {
      // The database may be away for a moment: try again shortly rather than at once and for ever.
      this.log?.({ level: 'warn', msg: 'scheduled publication failed', error: String(error) });
      if (!this.stopped) this.timer = setTimeout(() => this.rearm(), 1_000);
    }
  }
}
