/**
 * Whether the language server's thread still answers. An analysis that never ends (a fault on some
 * document) would otherwise leave the editor without diagnostics or hovers until it is reloaded, and
 * nothing inside the server can stop its own thread. So, while documents are being opened, edited
 * or closed, or requests about them (hovers, code actions, code lenses) are sent, the client sends
 * `dbtrust/alive` now and then; an answer that takes longer than the limit means the thread is stuck.
 * The client then ends the server (the language client starts a new one) and names the documents
 * that were touched since the last answer: the new server analyses them, and answers requests about
 * them, under a time limit, and marks the one that does not end (server/src/lsp/main.ts).
 *
 * No `vscode` here: extension.ts wires it to the language client, and tests drive it with a clock.
 */

export interface WatchdogHost {
  /** Sends the alive request; resolves when the server answers. */
  ping(): Promise<unknown>;
  /**
   * No answer within the limit. `suspects`: the documents touched since the last answered ping was
   * sent (empty: nothing was touched; the caller takes every open document).
   */
  stuck(suspects: string[]): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** After the last document event, pings go on this long (an analysis starts after a debounce). */
export const ACTIVE_WINDOW_MS = 30_000;
/** A document touched this long before the last answered ping was sent is still a suspect. */
const SLACK_MS = 2_000;

export class ServerWatchdog {
  private lastTouch = -Infinity;
  /** The ping waiting for its answer: when it was sent. */
  private outstanding: { sentAt: number } | undefined;
  /** When the last answered ping was sent. */
  private answeredSentAt = -Infinity;
  /** Documents touched recently, with the time of their last event. */
  private readonly touchedAt = new Map<string, number>();
  /** When tick() last ran. */
  private lastTick = -Infinity;

  constructor(
    private readonly host: WatchdogHost,
    private limit: number,
  ) {}

  /** How long a ping may wait for its answer. */
  get limitMs(): number {
    return this.limit;
  }

  /** How often tick() should run: a quarter of the limit, between 250 ms and 2.5 s. */
  get pollMs(): number {
    return Math.min(2500, Math.max(250, Math.round(this.limitMs / 4)));
  }

  /** A document event (open, change, close) or a request about the document was sent to the server. */
  touched(uri: string): void {
    const now = this.host.now();
    this.lastTouch = now;
    this.touchedAt.delete(uri); // kept in the order of their last event
    this.touchedAt.set(uri, now);
  }

  /** A new server (with its limit): nothing is outstanding, and nothing touched before it is suspected. */
  reset(limitMs = this.limit): void {
    this.limit = limitMs;
    this.outstanding = undefined;
    this.answeredSentAt = -Infinity;
    this.touchedAt.clear();
  }

  /** Runs every pollMs: sends a ping, or finds that the last one was not answered in time. */
  tick(): void {
    const now = this.host.now();
    // A late tick means this side was held up (a busy extension host, a suspended machine): the
    // answer may be waiting behind it, so no verdict until the ticks are regular again.
    const late = now - this.lastTick > 2 * this.pollMs;
    this.lastTick = now;
    const waiting = this.outstanding;
    if (waiting) {
      if (late || now - waiting.sentAt < this.limitMs) return;
      const suspects = this.suspects();
      this.reset();
      this.host.stuck(suspects);
      return;
    }
    if (now - this.lastTouch > ACTIVE_WINDOW_MS) return;
    const mine = { sentAt: now };
    this.outstanding = mine;
    this.host.ping().then(
      () => {
        if (this.outstanding !== mine) return;
        this.outstanding = undefined;
        this.answeredSentAt = mine.sentAt;
        // What was touched well before an answered ping has been analysed since, or is being now.
        for (const [uri, at] of this.touchedAt) {
          if (at >= mine.sentAt - SLACK_MS) break;
          this.touchedAt.delete(uri);
        }
      },
      () => {
        // The connection failed (the server is restarting): the language client handles that.
        if (this.outstanding === mine) this.outstanding = undefined;
      },
    );
  }

  /** The documents touched since shortly before the last answered ping was sent. */
  suspects(): string[] {
    const out: string[] = [];
    for (const [uri, at] of this.touchedAt) if (at >= this.answeredSentAt - SLACK_MS) out.push(uri);
    return out;
  }
}

/** The server's per-document limit when it does not say (the default of DBTRUST_FILE_TIME_LIMIT). */
const DEFAULT_SERVER_LIMIT_MS = 10_000;

/**
 * How long the client waits for an answer: the server's own per-document limit, which it declares at
 * initialize (`capabilities.experimental.dbtrust.fileTimeLimitMs`) and which a suspect's analysis may
 * take before it is stopped, and some more: half of it, at least 2 s.
 */
export function watchdogLimitMs(serverLimitMs: unknown): number {
  const server = typeof serverLimitMs === 'number' && Number.isFinite(serverLimitMs) && serverLimitMs > 0 ? serverLimitMs : DEFAULT_SERVER_LIMIT_MS;
  return server + Math.max(2000, Math.round(server / 2));
}
