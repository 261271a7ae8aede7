// The frame's chrome: header with language switch and close, the connection banner, the live region, and the
// screen area every view renders into.
import { ApiError } from './api';
import { h } from './dom';
import { type Lang, lang, setLang, t } from './i18n';
import { toHost } from './host';
import { parseHubError } from '../protocol';

export const screen = h('main', { className: 'screen', id: 'screen' });
const banner = h('div', { className: 'banner', role: 'status' });
const live = h('div', { className: 'sr-only', 'aria-live': 'polite', id: 'live' });
let rerender: () => void = () => undefined;
let endSession: (() => void) | null = null;

/** Shows "Akhiri sesi" in the header while a visitor is signed in (null hides it). */
export function setSessionAction(action: (() => void) | null): void {
  endSession = action;
  drawHeader();
}

export function mountShell(onLanguage: () => void): void {
  rerender = onLanguage;
  banner.hidden = true;
  drawHeader();
  document.body.append(screen, live);
}

function drawHeader(): void {
  const other: Lang = lang() === 'id' ? 'en' : 'id';
  const header = h('header', { className: 'top' },
    h('div', { className: 'brand' }, h('h1', {}, t('title')), h('p', {}, t('subtitle'))),
    h('button', {
      type: 'button', className: 'link-btn lang', lang: other, 'aria-label': t('langSwitchLabel'),
      onclick: () => {
        setLang(other);
        try {
          localStorage.setItem('lpse-chat-lang', other);
        } catch {
          // ignore
        }

        drawHeader();
        rerender();
      },
    }, t('langSwitch')),
    ...(endSession ? [h('button', { type: 'button', className: 'link-btn end-session', 'data-test': 'end-session', onclick: endSession }, t('endSession'))] : []),
    h('button', { type: 'button', className: 'icon-btn', 'aria-label': t('close'), onclick: () => toHost({ kind: 'lpse-chat:close' }) }, '×'));
  document.querySelector('header.top')?.remove();
  document.body.prepend(header, banner);
}

export function setBanner(text: string | null): void {
  banner.hidden = text === null;
  banner.textContent = text ?? '';
}

export function announce(text: string): void {
  live.textContent = text;
}

export function show(...children: Node[]): void {
  screen.replaceChildren(...children);
  const first = screen.querySelector<HTMLElement>('h2');
  if (first) {
    first.tabIndex = -1;
    first.focus({ preventScroll: true });
  }
}

/** The text to show for a failure: problem+json detail, the text of a "code: text" hub error, or a generic line. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    return error.problem.detail ?? error.problem.title ?? t('error');
  }

  if (error instanceof Error) {
    const parsed = parseHubError(error.message);
    return parsed.code ? parsed.text : t('error');
  }

  return t('error');
}

export function errorCode(error: unknown): string | null {
  if (error instanceof ApiError) {
    return error.problem.code ?? null;
  }

  return error instanceof Error ? parseHubError(error.message).code : null;
}

export function alertBox(): HTMLParagraphElement & { say(text: string | null): void } {
  const p = h('p', { className: 'alert', role: 'alert' }) as HTMLParagraphElement & { say(text: string | null): void };
  p.hidden = true;
  p.say = (text) => {
    p.hidden = text === null;
    p.textContent = text ?? '';
  };
  return p;
}
