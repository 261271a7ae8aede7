// The SignalR connection to /hubs/visitor with a reconnect loop that never gives up (backoff with jitter), and a
// state callback so the UI can show "reconnecting". After every reconnect the owner replays by sequence number.
import { type HubConnection, HubConnectionBuilder, HubConnectionState, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { HubPath, type VisitorClientEvent, type VisitorHubMethod } from '../protocol';
import { token } from './api';
import { lang } from './i18n';

// Quick first retries (a restarting instance is back in seconds), then a steady pace; jitter spreads a crowd out.
const delays = [0, 1000, 2000, 3000, 5000, 8000];

function backoff(attempt: number): number {
  const base = delays[Math.min(attempt, delays.length - 1)] ?? 8000;
  return base + Math.floor(Math.random() * Math.min(1000, base / 2 + 1));
}

export type LinkState = 'connected' | 'reconnecting';

export class VisitorConnection {
  private readonly hub: HubConnection;
  private restarting = false;
  private stopped = false;

  constructor(private readonly onState: (state: LinkState) => void, private readonly onRestored: () => void) {
    this.hub = new HubConnectionBuilder()
      // WebSockets, else long polling (through any proxy); server-sent events are left out of the bundle (build.mjs).
      .withUrl(`${HubPath}?lang=${lang()}`, { accessTokenFactory: () => token() ?? '', transport: HttpTransportType.WebSockets | HttpTransportType.LongPolling })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => backoff(c.previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
    this.hub.serverTimeoutInMilliseconds = 20000;
    this.hub.keepAliveIntervalInMilliseconds = 8000;
    this.hub.onreconnecting(() => this.onState('reconnecting'));
    this.hub.onreconnected(() => {
      this.onState('connected');
      this.onRestored();
    });
    // A close (server gone for good, or the automatic policy ended) falls back to our own loop.
    this.hub.onclose(() => {
      if (!this.stopped) {
        this.onState('reconnecting');
        void this.restart();
      }
    });
  }

  get connected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  on<T>(event: VisitorClientEvent, handler: (payload: T) => void): void {
    this.hub.on(event, handler);
  }

  async start(): Promise<void> {
    if (this.hub.state !== HubConnectionState.Disconnected) {
      return;
    }

    try {
      await this.hub.start();
    } catch {
      this.onState('reconnecting');
      await this.restart();
    }
  }

  invoke<T>(method: VisitorHubMethod, ...args: unknown[]): Promise<T> {
    return this.hub.invoke<T>(method, ...args);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.hub.stop();
  }

  private async restart(): Promise<void> {
    if (this.restarting) {
      return;
    }

    this.restarting = true;
    for (let attempt = 1; !this.stopped; attempt++) {
      await new Promise((r) => setTimeout(r, backoff(attempt)));
      try {
        if (this.hub.state === HubConnectionState.Disconnected) {
          await this.hub.start();
        }

        if (this.hub.state === HubConnectionState.Connected) {
          break;
        }
      } catch {
        // keep trying
      }
    }

    this.restarting = false;
    if (!this.stopped) {
      this.onState('connected');
      this.onRestored();
    }
  }
}
