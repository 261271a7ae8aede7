// Email codes in the widget: sign in on any device, verify the address after registering, confirm a new address.
import type { VisitorMe } from '../protocol';
import { api, saveSession } from './api';
import { field, h } from './dom';
import { t } from './i18n';
import { alertBox, describe, show } from './shell';

const codePattern = /^\d{6}$/;

/** A code box with submit and "send again"; resolves nothing itself, the caller decides what the code does. */
export function codeForm(submitLabel: string, onCode: (code: string) => Promise<void>, onResend: () => Promise<void>): HTMLFormElement {
  const code = field(t('code'), h('input', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}' }));
  const alert = alertBox();
  const submit = h('button', { type: 'submit', className: 'btn primary' }, submitLabel);
  const resend = h('button', { type: 'button', className: 'link-btn' }, t('resendCode'));
  resend.onclick = () => void onResend().then(() => alert.say(null)).catch((e: unknown) => alert.say(describe(e)));
  const form = h('form', { className: 'form', novalidate: true }, code.wrap, alert, submit, resend);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = code.input.value.replace(/\s/g, '');
    code.setError(codePattern.test(value) ? null : t('codeInvalid'));
    if (!codePattern.test(value)) {
      code.input.focus();
      return;
    }

    submit.disabled = true;
    alert.say(null);
    void onCode(value).catch((error: unknown) => {
      alert.say(describe(error));
      submit.disabled = false;
    });
  });
  return form;
}

/** "Sudah pernah mendaftar? Masuk dengan email": the address, then the code; signed in with history and tickets. */
export function signInView(onSignedIn: (me: VisitorMe) => void, onBack: () => void, known?: string): void {
  const email = field(t('email'), h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '200' }));
  const alert = alertBox();
  const submit = h('button', { type: 'submit', className: 'btn primary' }, t('sendCode'));
  const form = h('form', { className: 'form', novalidate: true }, email.wrap, alert,
    h('div', { className: 'row' }, submit, h('button', { type: 'button', className: 'btn', onclick: onBack }, t('back'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = email.input.value.trim();
    email.setError(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : t('emailInvalid'));
    if (email.input.getAttribute('aria-invalid')) {
      return;
    }

    submit.disabled = true;
    void api.signInCode(value).then((sent) => codeStep(sent.email, sent.expiresInMinutes, onSignedIn, onBack)).catch((error: unknown) => {
      alert.say(describe(error));
      submit.disabled = false;
    });
  });
  if (known) {
    codeStep(known, 10, onSignedIn, onBack);
    return;
  }

  show(h('section', { className: 'card' }, h('h2', {}, t('signInTitle')), h('p', { className: 'muted' }, t('signInHint')), form));
}

function codeStep(email: string, minutes: number, onSignedIn: (me: VisitorMe) => void, onBack: () => void): void {
  const form = codeForm(t('signIn'), async (code) => {
    const session = await api.signIn(email, code);
    saveSession(session);
    onSignedIn(session.visitor);
  }, async () => {
    await api.signInCode(email);
  });
  show(h('section', { className: 'card' }, h('h2', {}, t('signInTitle')), h('p', { className: 'muted', role: 'status' }, t('codeSent', email, minutes)), form,
    h('button', { type: 'button', className: 'btn', onclick: onBack }, t('back'))));
}

/** The code that confirms the visitor's address (after registering) or their new address (after a change). */
export function verifyCard(me: VisitorMe, onVerified: (me: VisitorMe) => void, onLater?: () => void): HTMLElement {
  const pending = me.pendingEmail;
  const done = h('p', { className: 'ok', role: 'status' });
  const form = codeForm(t('verify'), async (code) => {
    const updated = await api.verifyEmail(code);
    done.textContent = t('verified');
    onVerified(updated);
  }, async () => {
    await api.resendCode();
  });
  return h('section', { className: 'card verify' },
    h('h2', {}, t('verifyTitle')),
    h('p', { className: 'muted' }, pending ? t('emailPending', pending) : t('verifyHint', me.email)),
    form, done,
    onLater ? h('button', { type: 'button', className: 'link-btn', onclick: onLater }, t('later')) : null);
}

export function verifyView(me: VisitorMe, onVerified: (me: VisitorMe) => void, onLater: () => void): void {
  show(verifyCard(me, onVerified, onLater));
}
