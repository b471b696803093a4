/** The page's WebSocket: subscribes to topics, hands each update to the current page, reconnects. */

export interface TopicUpdate {
  readonly topic: string;
  readonly version: number;
  readonly data: unknown;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private topics: string[] = [];
  private retryMs = 500;

  constructor(
    private readonly onUpdate: (u: TopicUpdate) => void,
    private readonly onState: (state: 'connecting' | 'connected' | 'disconnected') => void,
  ) {}

  start(): void {
    this.onState('connecting');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.onState('connected');
      this.sendTopics();
    });
    socket.addEventListener('message', (e: MessageEvent<string>) => {
      let update: TopicUpdate;
      try {
        update = JSON.parse(e.data) as TopicUpdate;
      } catch {
        return;
      }
      this.onUpdate(update);
    });
    socket.addEventListener('close', () => {
      this.onState('disconnected');
      this.socket = null;
      setTimeout(() => this.start(), this.retryMs);
      this.retryMs = Math.min(10_000, this.retryMs * 2);
    });
  }

  setTopics(topics: readonly string[]): void {
    this.topics = [...topics];
    this.sendTopics();
  }

  private sendTopics(): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'subscribe', topics: this.topics }));
  }
}
