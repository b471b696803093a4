/**
 * Pushes topic updates to WebSocket clients. Activity only marks the publisher dirty; at most
 * once per `minIntervalMs` it builds each topic some client wants (once, whatever the number of
 * clients), skips topics whose JSON did not change, and sends the newest version to each client
 * that lacks it. A client whose socket has more than `maxBufferedBytes` queued is skipped and
 * catches up with the newest version once it drains: a slow client costs the engine nothing and
 * never receives a backlog of stale states.
 */

/** The part of a WebSocket the publisher needs (`ws` satisfies it). */
export interface PushSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
}

export interface LivePublisherOptions {
  /** Builds a topic's payload (JSON-ready); undefined for a topic that does not exist. */
  readonly build: (topic: string) => unknown;
  /** Minimum time between two builds; default 100 ms. */
  readonly minIntervalMs?: number;
  /** Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  readonly now?: () => number;
  /** Topic build failures (a strategy's `state()` throwing); the topic is skipped this round. */
  readonly onError?: (topic: string, error: unknown) => void;
}

interface TopicState {
  version: number;
  json: string;
  frame: string;
}

export class LiveClient {
  readonly topics = new Set<string>();
  readonly sent = new Map<string, number>();
  constructor(readonly socket: PushSocket) {}
}

const OPEN = 1;

export class LivePublisher {
  private readonly clients = new Set<LiveClient>();
  private readonly topics = new Map<string, TopicState>();
  private timer: NodeJS.Timeout | null = null;
  private lastFlushMs = -Infinity;
  private dirty = true;
  private closed = false;
  /** Frames sent, clients skipped because their buffer was full, and topic builds. */
  readonly stats = { frames: 0, skipped: 0, builds: 0, flushes: 0 };

  constructor(private readonly options: LivePublisherOptions) {}

  get clientCount(): number {
    return this.clients.size;
  }

  add(socket: PushSocket): LiveClient {
    const client = new LiveClient(socket);
    this.clients.add(client);
    return client;
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  /** Replaces the client's topics; it receives their current versions at the next flush (scheduled now). */
  subscribe(client: LiveClient, topics: readonly string[]): void {
    client.topics.clear();
    client.sent.clear();
    for (const t of topics) client.topics.add(t);
    this.markDirty();
  }

  /** Something changed: schedule a flush, no sooner than `minIntervalMs` after the previous one. */
  markDirty(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    const now = (this.options.now ?? Date.now)();
    const wait = Math.max(1, this.lastFlushMs + (this.options.minIntervalMs ?? 100) - now);
    // A timer (not setImmediate) so the engine's queued events are dispatched first.
    this.timer = setTimeout(this.flush, wait);
    this.timer.unref();
  }

  /** Builds the wanted topics and sends what each client lacks. */
  readonly flush = (): void => {
    this.timer = null;
    if (this.closed) return;
    this.lastFlushMs = (this.options.now ?? Date.now)();
    this.stats.flushes++;
    const wanted = new Set<string>();
    for (const c of this.clients) for (const t of c.topics) wanted.add(t);
    if (this.dirty) {
      this.dirty = false;
      for (const topic of wanted) this.rebuild(topic);
    }
    const max = this.options.maxBufferedBytes ?? 1 << 20;
    let behind = false;
    for (const c of this.clients) {
      if (c.socket.readyState !== OPEN) continue;
      for (const topic of c.topics) {
        const state = this.topics.get(topic);
        if (!state || c.sent.get(topic) === state.version) continue;
        if (c.socket.bufferedAmount > max) {
          this.stats.skipped++;
          behind = true;
          break;
        }
        c.socket.send(state.frame);
        c.sent.set(topic, state.version);
        this.stats.frames++;
      }
    }
    for (const topic of this.topics.keys()) if (!wanted.has(topic)) this.topics.delete(topic);
    if (behind) this.schedule();
  };

  private rebuild(topic: string): void {
    let data: unknown;
    try {
      data = this.options.build(topic);
    } catch (error) {
      this.options.onError?.(topic, error);
      return;
    }
    this.stats.builds++;
    if (data === undefined) return;
    const json = JSON.stringify(data);
    const old = this.topics.get(topic);
    if (old && old.json === json) return;
    const version = (old?.version ?? 0) + 1;
    this.topics.set(topic, { version, json, frame: `{"topic":${JSON.stringify(topic)},"version":${version},"data":${json}}` });
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.clients.clear();
  }
}
