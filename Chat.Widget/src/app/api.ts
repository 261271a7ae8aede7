// REST calls to Chat.Server (same origin as this frame). The visitor's token lives in this frame's own
// localStorage (the server's origin), never in the host page.
import type {
  AddTicketEntryRequest, ConversationRating, CreateTicketRequest, PolicyVersion, Problem, RateConversationRequest, RegisterVisitorRequest,
  CodeSent, ServiceStatus, TicketDetail, TicketSummary, TopicInfo, UpdateProfileRequest, VisitorMe, VisitorSession, VisitorToken,
} from '../protocol';
import { lang } from './i18n';

const tokenKey = 'lpse-chat-token';
// When to renew the token: halfway through its life, so an open widget never meets an expired one.
const renewKey = 'lpse-chat-token-renew';
let renewTimer: number | undefined;
// Fallback for browsers that refuse storage to third-party frames: the session then lasts as long as the frame.
let memoryToken: string | null = null;

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export function token(): string | null {
  try {
    return localStorage.getItem(tokenKey) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

export function saveToken(value: string | null): void {
  memoryToken = value;
  try {
    if (value === null) {
      localStorage.removeItem(tokenKey);
      localStorage.removeItem(renewKey);
    } else {
      localStorage.setItem(tokenKey, value);
    }
  } catch {
    // Storage may be blocked; the visitor then registers again next visit.
  }
}

/** Keeps a new token and schedules its silent renewal halfway to its expiry. */
export function saveSession(session: VisitorToken): void {
  saveToken(session.token);
  const now = Date.now();
  const renewAt = now + Math.max(0, (Date.parse(session.expiresAt) - now) / 2);
  try {
    localStorage.setItem(renewKey, String(renewAt));
  } catch {
    // Without storage the timer below still renews while the frame is open.
  }

  schedule(renewAt);
}

/** Renews now if the token is past half its life, else when it gets there (a frame may stay open for days). */
export function keepRenewed(): void {
  let renewAt = Date.now();
  try {
    renewAt = Number(localStorage.getItem(renewKey) ?? renewAt);
  } catch {
    // Unknown: renew now.
  }

  schedule(renewAt);
}

function schedule(renewAt: number): void {
  window.clearTimeout(renewTimer);
  // Timers longer than about 24.8 days overflow; a frame open that long simply renews at the cap.
  const wait = Math.min(Math.max(0, renewAt - Date.now()), 2_000_000_000);
  renewTimer = window.setTimeout(() => {
    if (token()) {
      call<VisitorToken>('POST', '/api/visitors/me/token').then(saveSession, () => undefined);
    }
  }, wait);
}

/**
 * "Akhiri sesi": the server revokes every token of the visitor (and closes their connections), and this frame forgets
 * everything it stored, for a shared computer. Storage is cleared even when the server cannot be reached.
 */
export async function endSession(): Promise<void> {
  window.clearTimeout(renewTimer);
  try {
    await call<unknown>('POST', '/api/visitors/me/sign-out');
  } finally {
    memoryToken = null;
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch {
      // Nothing was stored.
    }
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const bearer = token();
  if (bearer) {
    headers['Authorization'] = `Bearer ${bearer}`;
  }

  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  const sep = path.includes('?') ? '&' : '?';
  const response = await fetch(`${path}${sep}lang=${lang()}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, (data ?? {}) as Problem);
  }

  return data as T;
}

export const api = {
  topics: () => call<TopicInfo[]>('GET', '/api/topics'),
  policy: () => call<PolicyVersion>('GET', '/api/policy/current'),
  status: () => call<ServiceStatus>('GET', '/api/service-status'),
  register: (request: RegisterVisitorRequest) => call<VisitorSession | CodeSent>('POST', '/api/visitors', request),
  signInCode: (email: string) => call<CodeSent>('POST', '/api/visitors/signin/code', { email }),
  signIn: (email: string, code: string) => call<VisitorSession>('POST', '/api/visitors/signin', { email, code }),
  verifyEmail: (code: string) => call<VisitorMe>('POST', '/api/visitors/me/email/verify', { code }),
  resendCode: () => call<CodeSent>('POST', '/api/visitors/me/email/code'),
  mailTranscript: (conversationId: string) => call<CodeSent>('POST', '/api/visitors/me/transcript', { conversationId }),
  me: () => call<VisitorMe>('GET', '/api/visitors/me'),
  acceptPolicy: (version: number) => call<VisitorMe>('POST', '/api/visitors/me/policy', { version }),
  updateEmail: (email: string) => call<VisitorMe>('PUT', '/api/visitors/me/email', { email }),
  updateProfile: (request: UpdateProfileRequest) => call<VisitorMe>('PUT', '/api/visitors/me/profile', request),
  tickets: () => call<TicketSummary[]>('GET', '/api/visitors/me/tickets'),
  ticket: (number: string) => call<TicketDetail>('GET', `/api/visitors/me/tickets/${encodeURIComponent(number)}`),
  replyTicket: (number: string, request: AddTicketEntryRequest) =>
    call<TicketDetail>('POST', `/api/visitors/me/tickets/${encodeURIComponent(number)}/entries`, request),
  createTicket: (request: CreateTicketRequest) => call<TicketSummary>('POST', '/api/visitors/me/tickets', request),
  rate: (conversationId: string, request: RateConversationRequest) =>
    call<ConversationRating>('POST', `/api/visitors/me/conversations/${encodeURIComponent(conversationId)}/rating`, request),
};
