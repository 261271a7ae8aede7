// REST calls to Chat.Server (same origin as this frame). The visitor's token lives in this frame's own
// localStorage (the server's origin), never in the host page.
import type {
  ConversationRating, CreateTicketRequest, PolicyVersion, Problem, RateConversationRequest, RegisterVisitorRequest,
  CodeSent, ServiceStatus, TicketSummary, TopicInfo, VisitorMe, VisitorSession,
} from '../protocol';
import { lang } from './i18n';

const tokenKey = 'lpse-chat-token';
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
    } else {
      localStorage.setItem(tokenKey, value);
    }
  } catch {
    // Storage may be blocked; the visitor then registers again next visit.
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
  tickets: () => call<TicketSummary[]>('GET', '/api/visitors/me/tickets'),
  createTicket: (request: CreateTicketRequest) => call<TicketSummary>('POST', '/api/visitors/me/tickets', request),
  rate: (conversationId: string, request: RateConversationRequest) =>
    call<ConversationRating>('POST', `/api/visitors/me/conversations/${encodeURIComponent(conversationId)}/rating`, request),
};
