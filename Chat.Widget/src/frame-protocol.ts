// Messages between the loader (host page) and the chat frame. Both sides name the target origin when posting
// and check event.origin (and event.source) when receiving.

/** Frame -> loader. */
export type FrameToHost =
  | { kind: 'lpse-chat:ready' }
  | { kind: 'lpse-chat:unread'; count: number }
  | { kind: 'lpse-chat:close' };

/** Loader -> frame. */
export type HostToFrame = { kind: 'lpse-chat:visibility'; visible: boolean };

export function isFrameToHost(data: unknown): data is FrameToHost {
  return typeof data === 'object' && data !== null && typeof (data as { kind?: unknown }).kind === 'string'
    && (data as { kind: string }).kind.startsWith('lpse-chat:');
}

/**
 * True when `origin` is allowed by one of `patterns`: exact origins ("https://lpse.example.go.id") or a host with any
 * port ("http://localhost:*"), the same two forms CSP frame-ancestors understands.
 */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === origin
    || (p.endsWith(':*') && origin === p.slice(0, -2))
    || (p.endsWith(':*') && origin.startsWith(p.slice(0, -1)) && /^\d+$/.test(origin.slice(p.length - 1))));
}
