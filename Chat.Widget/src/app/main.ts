// The chat frame (/widget/ on Chat.Server). Decides where the visitor starts: registration, a revised policy,
// their open chat, or home; owns the hub connection and forwards its events to the current conversation.
import type { AccountSuspended, ChatState, StartChatResult, TicketOfferReason, VisitorClientEvent } from '../protocol';
import { VisitorClientEvents } from '../protocol';
import { api, ApiError, endSession, keepRenewed, saveToken, token } from './api';
import { VisitorConnection } from './connection';
import { Conversation } from './conversation';
import { h } from './dom';
import { signInView } from './signin';
import { type Context, emailView, homeView, offlineView, policyUpdateView, profileView, registerView, suspendedView, ticketDone, ticketsView, ticketView } from './forms';
import { type Lang, setLang, t } from './i18n';
import { toHost } from './host';
import { announce, describe, errorCode, mountShell, setBanner, setSessionAction, show } from './shell';

const params = new URLSearchParams(location.search);
const stored = ((): string | null => {
  try {
    return localStorage.getItem('lpse-chat-lang');
  } catch {
    return null;
  }
})();
setLang(((stored ?? params.get('lang')) === 'en' ? 'en' : 'id') as Lang);

const ctx: Context = { me: null, topics: [], topic: params.get('topic') ?? '' };
let conn: VisitorConnection | null = null;
let current: Conversation | null = null;
let handlers = new Map<VisitorClientEvent, (payload: unknown) => void>();
let redraw: () => void = () => undefined;

function connection(): VisitorConnection {
  if (conn) {
    return conn;
  }

  const c = new VisitorConnection((state) => setBanner(state === 'reconnecting' ? t('reconnecting') : null), () => {
    void current?.restore().catch(() => undefined);
  });
  for (const event of VisitorClientEvents) {
    c.on(event, (payload: unknown) => handlers.get(event)?.(payload));
  }

  conn = c;
  return c;
}

function suspended(s: AccountSuspended): void {
  redraw = () => suspendedView(s.reason, s.clause, s.until);
  redraw();
}

async function enterChat(state: ChatState): Promise<void> {
  offerSignOut();
  const c = connection();
  const conversation = new Conversation(state, c, {
    newChat: () => home(),
    offerTicket: () => undefined,
    ticketDone: (n) => {
      redraw = () => ticketDone(n, home, tickets);
      redraw();
    },
    suspended,
  });
  handlers = new Map();
  handlers.set('AccountSuspended', (p) => suspended(p as AccountSuspended));
  conversation.bind((event, handler) => handlers.set(event, handler as (payload: unknown) => void));
  current = conversation;
  redraw = () => conversation.render();
  redraw();
  await conversation.replay();
}

async function startChat(topic: string, question: string | null, wait: (text: string) => void): Promise<void> {
  offerSignOut();
  const c = connection();
  await c.start();
  try {
    let result: StartChatResult;
    // Refused while the helpdesk is overloaded, before anything started: asked again by itself, later each time.
    for (let attempt = 1; ; attempt++) {
      try {
        result = await c.invoke<StartChatResult>('StartChat', { topic, question });
        break;
      } catch (error) {
        if (errorCode(error) !== 'overloaded' || attempt > 5) {
          throw error;
        }

        wait(t('busyRetrying'));
        await new Promise((r) => setTimeout(r, attempt * 1500 * (0.5 + Math.random())));
      }
    }


    if (result.outcome === 'TicketOffered' || !result.chat) {
      const s = await api.status().catch(() => null);
      offline(topic, result.offerReason ?? 'NoAgentOnline', s?.hoursDescription ?? '', question);
      return;
    }

    await enterChat(result.chat);
  } catch (error) {
    if (errorCode(error) === 'account_suspended') {
      suspended({ reason: describe(error), clause: ctx.me?.statusClause ?? null, until: null });
      return;
    }

    throw error;
  }
}

function offline(topic: string, reason: TicketOfferReason, hours: string, question: string | null): void {
  ctx.topic = topic;
  current = null;
  redraw = () => offlineView(ctx, reason, hours, question, home, tickets);
  redraw();
}

function tickets(): void {
  redraw = () => ticketsView(home, (number) => {
    redraw = () => ticketView(number, tickets);
    redraw();
  });
  redraw();
}

function home(): void {
  offerSignOut();
  current = null;
  handlers = new Map([['AccountSuspended', (p: unknown) => suspended(p as AccountSuspended)]]);
  redraw = () => homeView(ctx, {
    start: startChat,
    offline,
    tickets,
    email: () => {
      redraw = () => emailView(ctx, home);
      redraw();
    },
    profile: () => {
      redraw = () => profileView(ctx, home);
      redraw();
    },
  });
  redraw();
}

/** "Akhiri sesi" in the header whenever someone is signed in (after registering, signing in, or on return). */
function offerSignOut(): void {
  setSessionAction(ctx.me ? () => void signOut() : null);
}

/** Ends the session on a shared computer: revoked on the server, forgotten here, back to the start. */
async function signOut(): Promise<void> {
  const c = conn;
  conn = null;
  current = null;
  await c?.stop().catch(() => undefined);
  await endSession().catch(() => undefined);
  ctx.me = null;
  await route();
  setBanner(t('sessionEnded'));
  announce(t('sessionEnded'));
}

/** Where a recognised visitor goes: why they cannot chat, the revised policy, their open chat, or home. */
async function route(): Promise<void> {
  const me = ctx.me;
  offerSignOut();
  if (me) {
    keepRenewed();
  }

  if (!me) {
    redraw = () => registerView(ctx, (topic, question) => void startChat(topic, question, (text) => show(h('p', { className: 'muted', role: 'status' }, text))).catch((e: unknown) => {
      show(h('p', { className: 'alert', role: 'alert' }, describe(e)));
    }), (known) => {
      redraw = () => signInView((signedIn) => {
        ctx.me = signedIn;
        void route();
      }, () => void route(), known);
      redraw();
    });
    redraw();
    return;
  }

  if (me.status !== 'active') {
    suspended({ reason: me.statusReason ?? '', clause: me.statusClause, until: null });
    return;
  }

  if (me.acceptedPolicyVersion < me.currentPolicyVersion) {
    redraw = () => policyUpdateView(ctx, () => void route());
    redraw();
    return;
  }

  const c = connection();
  await c.start();
  const open = await c.invoke<ChatState | null>('ResumeChat');
  if (open) {
    await enterChat(open);
  } else {
    home();
  }
}

async function boot(): Promise<void> {
  mountShell(() => redraw());
  show(h('p', { className: 'muted' }, t('loading')));
  ctx.topics = await api.topics();
  if (!ctx.topics.some((x) => x.id === ctx.topic)) {
    ctx.topic = ctx.topics[0]?.id ?? '';
  }

  if (token()) {
    try {
      ctx.me = await api.me();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        saveToken(null);
      } else {
        throw error;
      }
    }
  }

  await route();
  toHost({ kind: 'lpse-chat:ready' });
}

// Escape anywhere in the chat closes the panel (unless a dialog is open: then it closes the dialog).
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !document.querySelector('dialog[open]')) {
    toHost({ kind: 'lpse-chat:close' });
  }
});

boot().catch((error: unknown) => show(h('p', { className: 'alert', role: 'alert' }, describe(error))));
