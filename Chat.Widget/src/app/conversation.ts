// One conversation: queue card, agent header, messages with their states, typing, read receipts, composer, the
// end-of-chat card (rating, transcript). Messages are keyed by the client's message id (own) or the server id, so a
// replay after reconnect or an echo from another tab never shows a message twice.
import type {
  AccountSuspended, AttachmentInfo, AttachmentReleased, AttachmentWithheld, VisitorClientEvent, ChatAssigned, ChatClosed, ChatMessage, ChatRequeued, ChatState, QueueStatus, ReadReceipt,
  SendMessageResult, TicketOffer, TypingEvent,
} from '../protocol';
import { api } from './api';
import { Tray, files } from './attach';
import type { VisitorConnection } from './connection';
import { append, formatTime, h, newId } from './dom';
import { t } from './i18n';
import { chime, isVisible, onVisibility, toHost } from './host';
import { alertBox, announce, describe, errorCode, show } from './shell';

type LineState = 'sending' | 'retrying' | 'sent' | 'failed' | 'blocked' | 'other';

// Refusals only the visitor can resolve (edit, new chat, account); anything else (no connection, a server or
// database error, overloaded, rate limited) is transient and resent by itself with the same client message id.
const permanent = new Set(['message_empty', 'message_too_long', 'conversation_closed', 'conversation_not_found', 'account_suspended',
  'invalid_argument', 'forbidden', 'policy_not_accepted', 'session_revoked']);
const retryDelays = [1000, 2000, 4000, 8000, 15000, 30000];

interface Line {
  key: string;
  seq: number | null;
  mine: boolean;
  system: boolean;
  name: string;
  text: string;
  at: string;
  state: LineState;
  note: string | null;
  released: boolean;
  el: HTMLLIElement;
  files?: AttachmentInfo[] | null;
  ids?: string[];
  attempts?: number;
  timer?: number;
}

export interface ConversationActions {
  newChat(): void;
  offerTicket(reason: 'LongWait'): void;
  ticketDone(number: string): void;
  suspended(s: AccountSuspended): void;
}

export class Conversation {
  private readonly lines = new Map<string, Line>();
  private lastSeq = 0;
  private readUpTo = 0;
  private unread = 0;
  private agentName: string | null;
  private closed: ChatClosed | null = null;
  private typingTimer = 0;
  private ownTypingSent = 0;
  private readonly list = h('ol', { className: 'messages', 'aria-label': t('title') });
  private readonly statusArea = h('div', { className: 'chat-status' });
  private readonly typing = h('p', { className: 'typing', 'aria-live': 'polite' });
  private readonly composer = h('textarea', { rows: '2', maxlength: '2000', 'aria-label': t('messageLabel'), placeholder: t('messageLabel') });
  private readonly alert = alertBox();
  private readonly endArea = h('div', { className: 'end' });
  private readonly endButton = h('button', { type: 'button', className: 'link-btn danger' }, t('endChat'));
  private readonly tray = new Tray(() => `conversationId=${this.id}`, (text) => this.alert.say(text));

  constructor(private state: ChatState, private readonly conn: VisitorConnection, private readonly actions: ConversationActions) {
    this.agentName = state.agentName;
    this.composer.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.send();
      }
    });
    this.composer.addEventListener('input', () => this.ownTyping());
    this.tray.watch(this.list, this.composer);
    this.endButton.onclick = () => void this.end();
    onVisibility((visible) => {
      if (this.closed) {
        return;
      }

      if (visible) {
        this.unread = 0;
        toHost({ kind: 'lpse-chat:unread', count: 0 });
        void this.markRead();
      }
    });
  }

  get id(): string {
    return this.state.conversationId;
  }

  render(): void {
    const form = h('form', { className: 'composer' }, this.tray.el, ...this.tray.buttons(), this.composer, h('button', { type: 'submit', className: 'btn primary' }, t('send')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    // Drawn again after a language switch: fixed labels and every message's state follow the new language.
    this.composer.setAttribute('aria-label', t('messageLabel'));
    this.composer.placeholder = t('messageLabel');
    this.endButton.textContent = t('endChat');
    form.hidden = this.closed !== null;
    this.lines.forEach((line) => this.drawLine(line));
    show(h('section', { className: 'chat' },
      h('h2', { className: 'sr-only' }, t('title')),
      this.statusArea, this.list, this.typing, this.alert, this.endArea, form));
    this.drawStatus();
    for (const line of [...this.lines.values()].sort(order)) {
      this.list.append(line.el);
    }

    this.scroll();
  }

  /**
   * Fetches everything after the last sequence number we hold (after start, reconnect or a restarted server).
   * A connection lost midway is not an error here: the reconnect replays again from wherever we got to.
   */
  async replay(): Promise<void> {
    try {
      for (;;) {
        const page = await this.conn.invoke<ChatMessage[]>('GetMessagesAfter', this.id, this.lastSeq);
        page.forEach((m) => this.receive(m, true));
        if (page.length === 0) {
          break;
        }
      }
    } catch (error) {
      if (this.conn.connected) {
        this.alert.say(describe(error));
      }
    }
  }

  /** After a reconnect: the chat may have moved on (assigned, closed) while we were away; then replay and resend. */
  async restore(): Promise<void> {
    const current = await this.conn.invoke<ChatState | null>('ResumeChat');
    if (current && current.conversationId === this.id) {
      this.state = current;
      this.agentName = current.agentName;
    }

    await this.replay();
    if (!current || current.conversationId !== this.id) {
      if (!this.closed) {
        this.onClosed({ conversationId: this.id, reason: 'VisitorEnded', ticketNumber: null, message: null, clause: null });
      }
    } else {
      this.drawStatus();
    }

    for (const line of this.lines.values()) {
      if (line.mine && (line.state === 'sending' || line.state === 'retrying')) {
        void this.trySend(line);
      }
    }
  }

  /** Registers this conversation's event handlers (the owner forwards hub events to the current conversation). */
  bind(on: <T>(event: VisitorClientEvent, handler: (payload: T) => void) => void): void {
    on<QueueStatus>('QueueUpdated', (q) => {
      if (q.conversationId === this.id) {
        this.state = { ...this.state, status: 'Queued', queue: q };
        this.drawStatus();
      }
    });
    on<ChatAssigned>('ChatAssigned', (a) => {
      if (a.conversationId === this.id) {
        this.state = { ...this.state, status: 'Active', agentName: a.agentName, queue: null };
        this.agentName = a.agentName;
        this.drawStatus();
        announce(t('chatWith', a.agentName));
        this.notifyIfAway();
      }
    });
    on<ChatRequeued>('ChatRequeued', (r) => {
      if (r.conversationId === this.id) {
        this.state = { ...this.state, status: 'Queued', agentName: null, queue: r.queue };
        this.drawStatus();
        announce(r.reason);
      }
    });
    on<ChatMessage>('MessageReceived', (m) => {
      if (m.conversationId !== this.id) {
        return;
      }

      // A gap means something was lost on the way (backplane hiccup): fetch what is missing first.
      if (m.sequence > this.lastSeq + 1) {
        void this.replay();
        return;
      }

      this.receive(m, false);
    });
    // A withheld message released after review replaces its line in place (same sequence), now with its text.
    on<ChatMessage>('MessageReleased', (m) => {
      if (m.conversationId === this.id && this.lines.has(m.clientMessageId ?? m.messageId)) {
        this.upsert(m);
      }
    });
    // A file withheld by staff, or shown again once a supervisor overturned that: its line is redrawn in place.
    const file = (e: { conversationId: string; sequence: number }, id: string, to: (f: AttachmentInfo) => AttachmentInfo): void => {
      for (const line of this.lines.values()) {
        if (e.conversationId === this.id && line.seq === e.sequence && line.files) {
          line.files = line.files.map((f) => (f.id === id ? to(f) : f));
          this.drawLine(line);
        }
      }
    };
    on<AttachmentWithheld>('AttachmentWithheld', (w) => file(w, w.attachmentId, (f) => ({ ...f, withheld: true })));
    on<AttachmentReleased>('AttachmentReleased', (r) => file(r, r.attachment.id, () => r.attachment));
    on<TypingEvent>('Typing', (e) => {
      if (e.conversationId === this.id && e.who !== 'Visitor') {
        this.typing.textContent = e.isTyping ? t('typing', e.name) : '';
        clearTimeout(this.typingTimer);
        if (e.isTyping) {
          this.typingTimer = window.setTimeout(() => {
            this.typing.textContent = '';
          }, 8000);
        }
      }
    });
    on<ReadReceipt>('MessagesRead', (r) => {
      if (r.conversationId === this.id && r.reader !== 'Visitor') {
        this.readUpTo = Math.max(this.readUpTo, r.upToSequence);
        this.lines.forEach((line) => this.drawLine(line));
      }
    });
    on<ChatClosed>('ChatClosed', (c) => {
      if (c.conversationId === this.id) {
        void this.replay().finally(() => this.onClosed(c));
      }
    });
    on<TicketOffer>('TicketOffered', (o) => {
      if (o.conversationId === this.id) {
        this.alert.say(o.message);
        this.actions.offerTicket('LongWait');
      }
    });
  }

  private receive(m: ChatMessage, replayed: boolean): void {
    if (m.sequence <= this.lastSeq && this.lines.has(m.clientMessageId ?? m.messageId)) {
      return;
    }

    this.lastSeq = Math.max(this.lastSeq, m.sequence);
    const line = this.upsert(m);
    if (m.sender === 'Agent' && !replayed) {
      this.typing.textContent = '';
      announce(`${t('newMessages', m.senderName)}: ${m.text ?? ''}`);
      if (isVisible()) {
        void this.markRead();
      } else {
        this.notifyIfAway();
      }
    }

    void line;
    this.scroll();
  }

  /** Badge, page-title notice and chime when the visitor is not looking (panel closed or tab hidden). */
  private notifyIfAway(): void {
    if (!isVisible()) {
      this.unread += 1;
      toHost({ kind: 'lpse-chat:unread', count: this.unread });
      chime();
    }
  }

  private upsert(m: ChatMessage): Line {
    const key = m.clientMessageId ?? m.messageId;
    const mine = m.sender === 'Visitor';
    const blocked = m.moderation?.action === 'Block';
    let line = this.lines.get(key);
    if (!line) {
      line = { key, seq: m.sequence, mine, system: m.sender === 'System', name: m.senderName, text: m.text ?? '', at: m.sentAt, state: 'other', note: null, released: false, el: h('li') };
      this.lines.set(key, line);
      this.insert(line);
    }

    line.seq = m.sequence;
    line.at = m.sentAt;
    line.name = m.senderName;
    if (m.text !== null) {
      line.text = m.text;
    }

    line.released = m.releasedAt !== null && m.releasedAt !== undefined;
    line.files = m.attachments ?? line.files ?? null;
    line.state = mine ? (blocked ? 'blocked' : 'sent') : 'other';
    window.clearTimeout(line.timer);
    line.note = blocked ? [m.moderation?.explanation, m.moderation?.clause ? t('clause', m.moderation.clause) : null].filter(Boolean).join(' · ') : null;
    this.drawLine(line);
    return line;
  }

  private insert(line: Line): void {
    const after = [...this.lines.values()].filter((l) => l !== line && l.el.isConnected && order(line, l) < 0).sort(order)[0];
    if (after) {
      this.list.insertBefore(line.el, after.el);
    } else {
      this.list.append(line.el);
    }
  }

  private drawLine(line: Line): void {
    const el = line.el;
    el.className = `msg ${line.mine ? 'mine' : line.system ? 'system' : 'theirs'} ${line.state}`;
    el.dataset['state'] = line.state;
    let status: string | null = null;
    if (line.mine) {
      status = line.state === 'sending' ? t('sending')
        : line.state === 'retrying' ? t('resending')
        : line.state === 'failed' ? t('failed')
        : line.state === 'blocked' ? t('blocked')
        : line.seq !== null && line.seq <= this.readUpTo ? t('read') : t('sent');
    }

    const time = h('time', { datetime: line.at }, formatTime(line.at));
    const meta = h('p', { className: 'meta' }, line.system ? null : h('span', { className: 'who' }, line.mine ? t('you') : line.name), line.system ? null : ' · ', time);
    el.replaceChildren(meta, line.text ? h('p', { className: 'text' }, line.text) : '', files(line.files ?? null) ?? '');
    if (line.released) {
      el.append(h('p', { className: 'released' }, t('released')));
    }

    if (status) {
      const s = h('p', { className: 'state' }, status);
      if (line.note) {
        append(s, ' — ', h('span', { className: 'reason' }, line.note));
      }

      if (line.state === 'failed') {
        append(s, ' ', h('button', { type: 'button', className: 'link-btn', onclick: () => void this.trySend(line) }, t('retry')));
      }

      el.append(s);
    }
  }

  private send(): void {
    const text = this.composer.value.trim();
    const ids = this.tray.ready();
    if ((!text && !ids.length) || this.closed) {
      return;
    }

    if (this.tray.busy()) {
      this.alert.say(t('waitUploads'));
      return;
    }

    this.composer.value = '';
    this.ownTypingSent = 0;
    void this.conn.invoke('Typing', this.id, false).catch(() => undefined);
    const key = newId();
    const line: Line = { key, seq: null, mine: true, system: false, name: '', text, at: new Date().toISOString(), state: 'sending', note: null, released: false, el: h('li'), files: this.tray.sent(), ids };
    this.tray.clear();
    this.lines.set(key, line);
    this.list.append(line.el);
    this.drawLine(line);
    this.scroll();
    void this.trySend(line);
  }

  private async trySend(line: Line): Promise<void> {
    window.clearTimeout(line.timer);
    if (line.state !== 'retrying') {
      line.state = 'sending';
    }

    line.note = null;
    this.drawLine(line);
    if (!this.conn.connected) {
      // Still pending: the reconnect resends it with the same id.
      return;
    }

    try {
      const result = await this.conn.invoke<SendMessageResult>('SendMessage', { conversationId: this.id, clientMessageId: line.key, text: line.text, attachmentIds: line.ids ?? null });
      this.lastSeq = Math.max(this.lastSeq, result.message.sequence);
      line.attempts = 0;
      this.upsert(result.message);
    } catch (error) {
      const code = errorCode(error);
      if (code !== null && (permanent.has(code) || code.startsWith('attachment_'))) {
        line.state = 'failed';
        line.note = describe(error);
        this.drawLine(line);
        if (code === 'account_suspended') {
          this.actions.suspended({ reason: describe(error), clause: null, until: null });
        }

        return;
      }

      // Transient: resend with backoff (and jitter, so that many widgets do not come back at once); a reconnect
      // resends at once.
      line.state = 'retrying';
      line.note = code !== null ? describe(error) : null;
      this.drawLine(line);
      const attempt = line.attempts ?? 0;
      line.attempts = attempt + 1;
      const delay = retryDelays[Math.min(attempt, retryDelays.length - 1)]!;
      line.timer = window.setTimeout(() => {
        if (line.state === 'retrying' && !this.closed) {
          void this.trySend(line);
        }
      }, delay / 2 + Math.random() * delay / 2);
    }
  }

  private ownTyping(): void {
    const now = Date.now();
    if (this.state.status === 'Active' && now - this.ownTypingSent > 3000) {
      this.ownTypingSent = now;
      void this.conn.invoke('Typing', this.id, true).catch(() => undefined);
    }
  }

  private async markRead(): Promise<void> {
    if (this.lastSeq > 0 && isVisible()) {
      await this.conn.invoke('MarkRead', this.id, this.lastSeq).catch(() => undefined);
    }
  }

  private async end(): Promise<void> {
    try {
      await this.conn.invoke('EndChat', this.id);
    } catch (error) {
      this.alert.say(describe(error));
    }
  }

  private drawStatus(): void {
    const s = this.state;
    if (this.closed) {
      return;
    }

    if (s.status === 'Queued') {
      const q = s.queue;
      const wait = q ? (q.estimatedWaitSeconds < 60 ? t('lessThanMinute') : t('minutes', Math.round(q.estimatedWaitSeconds / 60))) : '';
      const leave = h('button', { type: 'button', className: 'btn', onclick: () => void this.leave(true) }, t('leaveTicket'));
      this.statusArea.replaceChildren(h('div', { className: 'queue', role: 'status' },
        h('h3', {}, t('queueTitle')),
        q ? h('p', { className: 'position' }, t('queuePosition', q.position)) : null,
        q ? h('p', {}, t('queueWait', wait)) : null,
        q ? h('p', { className: 'muted' }, t('queueAgents', q.agentsOnline)) : null,
        h('div', { className: 'row' }, leave, h('button', { type: 'button', className: 'link-btn', onclick: () => void this.leave(false) }, t('cancelWait')))));
    } else {
      this.statusArea.replaceChildren(h('div', { className: 'agent' },
        h('span', { className: 'avatar', 'aria-hidden': 'true' }, (this.agentName ?? '?').slice(0, 1).toUpperCase()),
        h('p', { className: 'agent-name' }, t('chatWith', this.agentName ?? '')),
        this.endButton));
    }
  }

  private async leave(createTicket: boolean): Promise<void> {
    try {
      const result = await this.conn.invoke<{ ticketNumber: string | null }>('LeaveQueue', { conversationId: this.id, createTicket, note: null });
      this.closed = { conversationId: this.id, reason: 'LeftQueue', ticketNumber: result.ticketNumber, message: null, clause: null };
      if (result.ticketNumber) {
        this.actions.ticketDone(result.ticketNumber);
      } else {
        this.actions.newChat();
      }
    } catch (error) {
      this.alert.say(describe(error));
    }
  }

  private onClosed(c: ChatClosed): void {
    if (this.closed) {
      return;
    }

    this.closed = c;
    this.typing.textContent = '';
    this.composer.disabled = true;
    this.composer.closest('form')?.setAttribute('hidden', '');
    this.statusArea.replaceChildren();
    const rated = this.agentName !== null && c.reason !== 'LeftQueue' && c.reason !== 'Terminated';
    this.endArea.replaceChildren(h('div', { className: 'closed', role: 'status' },
      h('h3', {}, t('closedTitle')),
      // The closing text is usually already in the transcript as a system line; repeat it only when it is not.
      c.message && ![...this.lines.values()].some((l) => l.system && l.text === c.message) ? h('p', {}, c.message) : null,
      c.clause ? h('p', { className: 'clause' }, t('clause', c.clause)) : null,
      c.ticketNumber ? h('p', { className: 'ticket-number' }, t('ticketCreated', c.ticketNumber)) : null,
      rated ? this.ratingForm() : null,
      h('div', { className: 'row' },
        h('button', { type: 'button', className: 'btn', onclick: () => this.download() }, t('download')),
        this.mailButton(),
        h('button', { type: 'button', className: 'btn primary', onclick: () => this.actions.newChat() }, t('newChat')))));
    this.scroll();
  }

  /** Transcript by email, to the verified address only; the server's refusal (not verified yet) is shown as is. */
  private mailButton(): HTMLButtonElement {
    const button = h('button', { type: 'button', className: 'btn mail-transcript' }, t('mailTranscript'));
    button.onclick = () => {
      button.disabled = true;
      void api.mailTranscript(this.id).then((sent) => {
        button.textContent = t('transcriptMailed', sent.email);
      }).catch((error: unknown) => {
        button.textContent = describe(error);
        button.disabled = false;
      });
    };
    return button;
  }

  private ratingForm(): HTMLFormElement {
    const name = `score-${this.id}`;
    const stars = h('fieldset', { className: 'stars' }, h('legend', {}, t('rateTitle')));
    for (let score = 1; score <= 5; score++) {
      const id = `${name}-${score}`;
      stars.append(h('input', { type: 'radio', name, id, value: String(score) }),
        h('label', { for: id, 'aria-label': t('rateScore', score), title: t('rateScore', score) }, '★'));
    }

    const comment = h('textarea', { rows: '2', maxlength: '1000', 'aria-label': t('rateComment'), placeholder: t('rateComment') });
    const alert = alertBox();
    const submit = h('button', { type: 'submit', className: 'btn' }, t('rateSend'));
    const form = h('form', { className: 'rating' }, stars, comment, alert, submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[type=radio]:checked');
      if (!picked) {
        alert.say(t('rateRequired'));
        return;
      }

      submit.disabled = true;
      void api.rate(this.id, { score: Number(picked.value), comment: comment.value.trim() || null })
        .then(() => form.replaceChildren(h('p', { className: 'ok', role: 'status' }, t('rateThanks'))))
        .catch((error: unknown) => {
          alert.say(describe(error));
          submit.disabled = false;
        });
    });
    return form;
  }

  private download(): void {
    const rows = [...this.lines.values()].sort(order)
      .filter((l) => l.state !== 'blocked')
      .map((l) => `[${new Date(l.at).toLocaleString()}] ${l.mine ? t('you') : l.name}: ${l.text}`);
    const blob = new Blob([`${t('title')}\n${this.id}\n\n${rows.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `transkrip-${this.state.startedAt.slice(0, 10)}.txt` });
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(a.href);
  }

  private scroll(): void {
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.list.lastElementChild?.scrollIntoView({ block: 'end', behavior: reduce ? 'auto' : 'smooth' });
  }
}

function order(a: Line, b: Line): number {
  return (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);
}
