// The visitor's forms: registration (pre-chat), policy acceptance, home, offline ticket, tickets, email, suspension.
import type { PolicyVersion, TicketDetail, TicketOfferReason, TopicInfo, VisitorMe } from '../protocol';
import { api, saveSession } from './api';
import { h, field } from './dom';
import { t, type TextKey } from './i18n';
import { alertBox, describe, show } from './shell';
import { files, Tray } from './attach';
import { verifyCard } from './signin';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface Context {
  me: VisitorMe | null;
  topics: TopicInfo[];
  topic: string;
}

function topicSelect(ctx: Context): HTMLSelectElement {
  const select = h('select', { name: 'topic' });
  for (const topic of ctx.topics) {
    const option = h('option', { value: topic.id }, topic.name);
    option.selected = topic.id === ctx.topic;
    select.append(option);
  }

  return select;
}

/** A link-styled button that opens the full current policy text in a modal dialog. */
function policyLink(policy: Promise<PolicyVersion>): HTMLButtonElement {
  return h('button', {
    type: 'button', className: 'link-btn inline', 'aria-haspopup': 'dialog',
    onclick: () => void policy.then(openPolicy),
  }, t('policyLink'));
}

function openPolicy(policy: PolicyVersion): void {
  const dialog = h('dialog', { className: 'policy', 'aria-labelledby': 'policy-title' },
    h('h2', { id: 'policy-title' }, `${policy.title} (v${policy.version})`),
    h('div', { className: 'policy-text', tabindex: '0' }, policy.text),
    h('form', { method: 'dialog' }, h('button', { className: 'btn' }, t('back'))));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

export function registerView(ctx: Context, onRegistered: (topic: string, question: string | null) => void, onSignIn: (known?: string) => void): void {
  const policy = api.policy();
  const name = nameField();
  const email = field(t('email'), h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '200' }));
  const phone = field(t('phone'), h('input', { name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '30' }));
  const org = orgField();
  const topic = field(t('topic'), topicSelect(ctx));
  const question = field(t('question'), h('textarea', { name: 'question', rows: '3', maxlength: '2000' }));
  const accept = h('input', { type: 'checkbox', id: 'accept', name: 'accept' });
  const acceptError = h('p', { className: 'field-error', id: 'accept-err' });
  acceptError.hidden = true;
  const alert = alertBox();
  const submit = h('button', { type: 'submit', className: 'btn primary' }, t('startChat'));
  const form = h('form', { className: 'form', novalidate: true },
    name.wrap, email.wrap, phone.wrap, org.wrap, topic.wrap, question.wrap,
    h('div', { className: 'check' }, accept, h('label', { for: 'accept' }, t('acceptPolicy'), ' '), policyLink(policy)),
    acceptError, alert, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      name.setError(name.input.value.trim() ? null : t('required'));
      email.setError(!email.input.value.trim() ? t('required') : emailPattern.test(email.input.value.trim()) ? null : t('emailInvalid'));
      acceptError.hidden = accept.checked;
      acceptError.textContent = accept.checked ? '' : t('policyRequired');
      accept.setAttribute('aria-invalid', String(!accept.checked));
      accept.setAttribute('aria-describedby', 'accept-err');
      const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
        return;
      }

      submit.disabled = true;
      alert.say(null);
      try {
        const session = await api.register({
          name: name.input.value.trim(),
          email: email.input.value.trim(),
          phone: phone.input.value.trim() || null,
          organization: org.input.value.trim() || null,
          acceptedPolicyVersion: (await policy).version,
        });
        if (!('token' in session)) {
          // The address needs its owner's code: continue as a sign-in.
          onSignIn(session.email);
          return;
        }

        saveSession(session);
        ctx.me = session.visitor;
        ctx.topic = topic.input.value;
        onRegistered(topic.input.value, question.input.value.trim() || null);
      } catch (error) {
        alert.say(describe(error));
        submit.disabled = false;
      }
    })();
  });
  show(h('section', { className: 'card' }, h('h2', {}, t('startChat')), h('p', { className: 'muted' }, t('home')),
    h('button', { type: 'button', className: 'link-btn signin', onclick: () => onSignIn() }, t('signInLink')), form));
}

export function policyUpdateView(ctx: Context, onAccepted: () => void): void {
  const alert = alertBox();
  const text = h('div', { className: 'policy-text', tabindex: '0' }, t('loading'));
  const button = h('button', { type: 'button', className: 'btn primary' }, t('acceptContinue'));
  void api.policy().then((policy) => {
    text.textContent = policy.text;
    button.onclick = async () => {
      button.disabled = true;
      try {
        ctx.me = await api.acceptPolicy(policy.version);
        onAccepted();
      } catch (error) {
        alert.say(describe(error));
        button.disabled = false;
      }
    };
  });
  show(h('section', { className: 'card' },
    h('h2', {}, t('policyLink')),
    h('p', {}, t('policyRevised', ctx.me?.currentPolicyVersion ?? '')),
    text, alert, button));
}

export interface HomeActions {
  start(topic: string, question: string | null, wait: (text: string) => void): Promise<void>;
  offline(topic: string, reason: TicketOfferReason, hours: string, question: string | null): void;
  tickets(): void;
  email(): void;
  profile(): void;
}

export function homeView(ctx: Context, actions: HomeActions): void {
  const topic = field(t('topic'), topicSelect(ctx));
  const question = field(t('question'), h('textarea', { name: 'question', rows: '3', maxlength: '2000' }));
  const status = h('p', { className: 'muted', role: 'status' });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', className: 'btn primary' }, t('startChat'));
  const form = h('form', { className: 'form', novalidate: true }, topic.wrap, question.wrap, status, alert, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    ctx.topic = topic.input.value;
    void (async () => {
      try {
        // Ask the server first so a closed helpdesk goes straight to the offline form.
        const s = await api.status();
        const online = s.topics.find((x) => x.topic === topic.input.value)?.agentsOnline ?? 0;
        if (!s.withinBusinessHours || online === 0) {
          actions.offline(topic.input.value, s.withinBusinessHours ? 'NoAgentOnline' : 'AfterHours', s.hoursDescription, question.input.value.trim() || null);
          return;
        }

        await actions.start(topic.input.value, question.input.value.trim() || null, (text) => {
          status.textContent = text;
        });
      } catch (error) {
        alert.say(describe(error));
        submit.disabled = false;
      }
    })();
  });
  void api.status().then((s) => {
    status.textContent = t('statusOpen', s.hoursDescription);
  }).catch(() => undefined);
  // A supervisor held the name or agency after review: staff see a placeholder until the visitor picks another.
  const notice = ctx.me?.profileNotice
    ? h('section', { className: 'card notice', role: 'alert', 'data-test': 'profile-notice' },
      h('p', {}, ctx.me.profileNotice),
      h('button', { type: 'button', className: 'btn primary', onclick: actions.profile }, t('changeProfile')))
    : h('span');
  show(ctx.me && !ctx.me.emailVerified ? verifyCard(ctx.me, (me) => {
    ctx.me = me;
    homeView(ctx, actions);
  }) : h('span'), notice, h('section', { className: 'card' },
    h('h2', {}, ctx.me ? t('welcomeBack', ctx.me.name) : t('startChat')),
    h('p', { className: 'muted' }, t('home')),
    form,
    h('nav', { className: 'links', 'aria-label': t('title') },
      h('button', { type: 'button', className: 'link-btn', onclick: actions.tickets }, t('myTickets')),
      h('button', { type: 'button', className: 'link-btn', onclick: actions.profile }, t('changeProfile')),
      h('button', { type: 'button', className: 'link-btn', onclick: actions.email }, t('changeEmail')))));
}

/** The name and agency staff see; moderated by the server like at registration. */
export function profileView(ctx: Context, onBack: () => void): void {
  const name = nameField();
  const org = orgField();
  name.input.value = ctx.me?.name ?? '';
  org.input.value = ctx.me?.organization ?? '';
  accountForm('changeProfile', 'profileHint', [name.wrap, org.wrap], onBack, (done, alert) => {
    const value = name.input.value.trim();
    name.setError(value ? null : t('required'));
    if (value) {
      void api.updateProfile({ name: value, organization: org.input.value.trim() || null }).then((me) => {
        ctx.me = me;
        alert.say(null);
        done.textContent = t('profileSaved');
      }).catch((error: unknown) => alert.say(describe(error)));
    }
  });
}

/** A card with one account form (name, email): Simpan and Kembali, a status line and an alert. */
function accountForm(title: TextKey, hint: TextKey, fields: Node[], onBack: () => void, save: (done: HTMLElement, alert: ReturnType<typeof alertBox>, form: HTMLFormElement) => void): void {
  const alert = alertBox();
  const done = h('p', { className: 'ok', role: 'status' });
  const form = h('form', { className: 'form', novalidate: true }, ...fields, alert, done,
    h('div', { className: 'row' },
      h('button', { type: 'submit', className: 'btn primary' }, t('save')),
      h('button', { type: 'button', className: 'btn', onclick: onBack }, t('back'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    done.textContent = '';
    save(done, alert, form);
  });
  show(h('section', { className: 'card' }, h('h2', {}, t(title)), h('p', { className: 'muted' }, t(hint)), form));
}

const nameField = () => field(t('name'), h('input', { name: 'name', autocomplete: 'name', maxlength: '100' }));
const orgField = () => field(t('organization'), h('input', { name: 'organization', autocomplete: 'organization', maxlength: '200' }));

export function offlineView(ctx: Context, reason: TicketOfferReason, hours: string, question: string | null, onDone: () => void, onTickets: () => void): void {
  const intro = reason === 'AfterHours' ? t('offlineAfterHours', hours) : reason === 'LongWait' ? t('offlineLongWait') : t('offlineNoAgent');
  const topic = field(t('topic'), topicSelect(ctx));
  const subject = field(t('subject'), h('input', { name: 'subject', maxlength: '200' }));
  const message = field(t('message'), h('textarea', { name: 'message', rows: '5', maxlength: '4000' }));
  message.input.value = question ?? '';
  const alert = alertBox();
  const tray = new Tray(() => '', alert.say);
  const submit = h('button', { type: 'submit', className: 'btn primary' }, t('submitTicket'));
  const form = h('form', { className: 'form', novalidate: true }, topic.wrap, subject.wrap, message.wrap, tray.el, ...tray.buttons(), alert, submit);
  tray.watch(form, message.input);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (tray.busy()) {
      alert.say(t('waitUploads'));
      return;
    }

    message.setError(message.input.value.trim() ? null : t('required'));
    if (!message.input.value.trim()) {
      message.input.focus();
      return;
    }

    submit.disabled = true;
    void api.createTicket({ topic: topic.input.value, subject: subject.input.value.trim() || null, message: message.input.value.trim(), attachmentIds: tray.ready() })
      .then((ticket) => ticketDone(ticket.number, onDone, onTickets))
      .catch((error: unknown) => {
        alert.say(describe(error));
        submit.disabled = false;
      });
  });
  show(h('section', { className: 'card' }, h('h2', {}, t('offlineTitle')), h('p', {}, intro), form));
}

export function ticketDone(number: string, onDone: () => void, onTickets: () => void): void {
  show(h('section', { className: 'card' },
    h('h2', {}, t('offlineTitle')),
    h('p', { className: 'ticket-number' }, t('ticketThanks', number)),
    h('div', { className: 'row' },
      h('button', { type: 'button', className: 'btn', onclick: onTickets }, t('myTickets')),
      h('button', { type: 'button', className: 'btn', onclick: onDone }, t('back')))));
}

export function ticketsView(onBack: () => void, onOpen: (number: string) => void): void {
  const list = h('ul', { className: 'tickets' }, h('li', {}, t('loading')));
  const alert = alertBox();
  void api.tickets().then((tickets) => {
    list.replaceChildren(...(tickets.length === 0 ? [h('li', {}, t('noTickets'))] : tickets.map((ticket) =>
      h('li', { className: 'ticket' },
        h('button', { type: 'button', className: 'link-btn', onclick: () => onOpen(ticket.number) }, h('strong', {}, ticket.number)),
        h('span', { className: `status s-${ticket.status.toLowerCase()}` }, t(`status_${ticket.status}`)),
        h('p', {}, ticket.subject),
        h('p', { className: 'muted' }, new Date(ticket.updatedAt).toLocaleString())))));
  }).catch((error: unknown) => alert.say(describe(error)));
  show(h('section', { className: 'card' }, h('h2', {}, t('myTickets')), alert, list,
    h('button', { type: 'button', className: 'btn', onclick: onBack }, t('back'))));
}

/** One ticket's thread (the helpdesk's public replies and the visitor's), with a reply and files unless it is closed. */
export function ticketView(number: string, onBack: () => void): void {
  const title = h('h2', {}, number);
  const thread = h('ol', { className: 'messages' }, h('li', {}, t('loading')));
  const alert = alertBox();
  const reply = field(t('message'), h('textarea', { name: 'reply', rows: '3', maxlength: '4000' }));
  const tray = new Tray(() => `ticket=${encodeURIComponent(number)}`, alert.say);
  const form = h('form', { className: 'form', novalidate: true }, reply.wrap, tray.el, ...tray.buttons(), alert,
    h('button', { type: 'submit', className: 'btn primary' }, t('send')));
  tray.watch(form, reply.input);
  const draw = (d: TicketDetail): void => {
    title.textContent = `${d.ticket.number} · ${t(`status_${d.ticket.status}`)}`;
    thread.replaceChildren(...d.entries.map((e) => h('li', { className: e.author === 'Visitor' ? 'msg mine' : 'msg' },
      h('p', { className: 'meta' }, `${e.authorName} · ${new Date(e.createdAt).toLocaleString()}`),
      h('p', { className: 'text' }, e.text), files(e.attachments))));
    form.hidden = d.ticket.status === 'Closed';
  };
  void api.ticket(number).then(draw).catch((error: unknown) => alert.say(describe(error)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = reply.input.value.trim();
    const attachmentIds = tray.ready();
    reply.setError(text || attachmentIds.length ? null : t('required'));
    if (tray.busy() || (!text && !attachmentIds.length)) {
      alert.say(tray.busy() ? t('waitUploads') : null);
      return;
    }

    void api.replyTicket(number, { text, internal: false, attachmentIds }).then((d) => {
      reply.input.value = '';
      tray.clear();
      alert.say(null);
      draw(d);
    }).catch((error: unknown) => alert.say(describe(error)));
  });
  show(h('section', { className: 'card' }, title, thread, form, h('button', { type: 'button', className: 'btn', onclick: onBack }, t('back'))));
}

export function emailView(ctx: Context, onBack: () => void): void {
  const email = field(t('email'), h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '200' }));
  email.input.value = ctx.me?.email ?? '';
  accountForm('changeEmail', 'emailHint', [email.wrap], onBack, (done, alert, form) => {
    const value = email.input.value.trim();
    email.setError(emailPattern.test(value) ? null : t('emailInvalid'));
    if (!emailPattern.test(value)) {
      return;
    }

    void api.updateEmail(value).then((me) => {
      ctx.me = me;
      alert.say(null);
      if (me.pendingEmail) {
        // The new address counts once its code is entered.
        form.replaceWith(verifyCard(me, (updated) => {
          ctx.me = updated;
          emailView(ctx, onBack);
        }, onBack));
        return;
      }

      done.textContent = t('emailSaved');
    }).catch((error: unknown) => alert.say(describe(error)));
  });
}

export function suspendedView(reason: string | null, clause: string | null, until: string | null): void {
  show(h('section', { className: 'card suspended', role: 'alert' },
    h('h2', {}, t('suspendedTitle')),
    reason ? h('p', {}, reason) : null,
    clause ? h('p', { className: 'clause' }, t('clause', clause)) : null,
    until ? h('p', { className: 'muted' }, t('suspendedUntil', new Date(until).toLocaleString())) : null));
}
