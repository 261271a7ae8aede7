// The one-tag loader for the LPSE site:
//   <script src="https://HOST/widget/loader.js" data-topic="teknis" async></script>
// No dependencies. Draws a launcher in a shadow root and, on first open, an iframe served by Chat.Server that
// holds the chat and the visitor's token; the host page never sees either. Chat.Server fills in the allow-list when
// it serves this file, and the loader stays silent on any other site (the frame's CSP frame-ancestors refuses it too).
import { type HostToFrame, isFrameToHost, originAllowed } from './frame-protocol';

interface LoaderConfig {
  origins: string[];
}

// Replaced by Chat.Server (WidgetEndpoints) with {"origins":[...]} from Widget:AllowedOrigins.
const config = '__LPSE_CHAT_CONFIG__' as unknown as LoaderConfig | string;

const labels = {
  id: { open: 'Buka obrolan HELPDESK LPSE', close: 'Tutup obrolan', title: 'Obrolan HELPDESK LPSE', unread: 'pesan baru' },
  en: { open: 'Open HELPDESK LPSE chat', close: 'Close chat', title: 'HELPDESK LPSE chat', unread: 'new messages' },
};

const css = `
:host{all:initial;position:fixed;right:16px;bottom:16px;z-index:2147483000;font:15px/1.4 system-ui,sans-serif}
button{all:unset;box-sizing:border-box;cursor:pointer;display:flex;align-items:center;justify-content:center;width:60px;height:60px;border-radius:50%;background:#b3261e;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);margin-left:auto}
button:focus-visible{outline:3px solid #1d4ed8;outline-offset:3px}
svg{width:30px;height:30px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;border-radius:11px;background:#1d4ed8;color:#fff;font-size:13px;font-weight:700;display:flex;align-items:center;justify-content:center;padding:0 5px;box-sizing:border-box}
.badge[hidden],.panel[hidden]{display:none}
.panel{position:fixed;right:16px;bottom:88px;width:380px;height:min(640px,calc(100vh - 104px));border-radius:12px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.35);background:#fff;transition:opacity .15s}
iframe{border:0;width:100%;height:100%;display:block}
.wrap{position:relative;width:60px;margin-left:auto}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}:host([open]) .wrap{display:none}}
@media (prefers-reduced-motion:reduce){.panel{transition:none}}
`;

const chatIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z"/></svg>';
const closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L12 13.4l-6.3 6.3-1.4-1.4L10.6 12 4.3 5.7l1.4-1.4L12 10.6l6.3-6.3z"/></svg>';

function boot(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script || typeof config === 'string' || !originAllowed(location.origin, config.origins)) {
    console.warn('[LPSE chat] this site is not in the widget allow-list; the chat is not shown.');
    return;
  }

  const server = new URL(script.src).origin;
  const topic = script.dataset['topic'] ?? '';
  const lang: 'id' | 'en' = (script.dataset['lang'] ?? document.documentElement.lang).toLowerCase().startsWith('en') ? 'en' : 'id';
  const text = labels[lang];
  const baseTitle = document.title;

  class LpseChatWidget extends HTMLElement {
    private frame: HTMLIFrameElement | null = null;
    private readonly panel: HTMLDivElement;
    private readonly button: HTMLButtonElement;
    private readonly badge: HTMLSpanElement;
    private unread = 0;
    private ownTitle: string | null = null;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = css;
      this.panel = document.createElement('div');
      this.panel.className = 'panel';
      this.panel.hidden = true;
      this.panel.id = 'lpse-chat-panel';
      const wrap = document.createElement('div');
      wrap.className = 'wrap';
      this.button = document.createElement('button');
      this.button.type = 'button';
      this.button.setAttribute('aria-controls', this.panel.id);
      this.badge = document.createElement('span');
      this.badge.className = 'badge';
      this.badge.hidden = true;
      wrap.append(this.button, this.badge);
      root.append(style, this.panel, wrap);
      this.button.addEventListener('click', () => this.toggle(this.panel.hidden));
      root.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Escape' && !this.panel.hidden) {
          this.toggle(false);
        }
      });
      window.addEventListener('message', (e) => this.onMessage(e));
      document.addEventListener('visibilitychange', () => this.tellVisibility());
      this.render();
    }

    private toggle(open: boolean): void {
      if (open && !this.frame) {
        const frame = document.createElement('iframe');
        const params = new URLSearchParams({ host: location.origin, topic, lang });
        frame.src = `${server}/widget/?${params.toString()}`;
        frame.title = text.title;
        frame.allow = 'autoplay';
        this.panel.append(frame);
        this.frame = frame;
      }

      this.panel.hidden = !open;
      this.toggleAttribute('open', open);
      if (open) {
        this.unread = 0;
        this.frame?.focus();
      } else {
        this.button.focus();
      }

      this.render();
      this.tellVisibility();
    }

    private onMessage(event: MessageEvent): void {
      if (event.origin !== server || !this.frame || event.source !== this.frame.contentWindow || !isFrameToHost(event.data)) {
        return;
      }

      const data = event.data;
      if (data.kind === 'lpse-chat:unread') {
        this.unread = data.count;
        this.render();
      } else if (data.kind === 'lpse-chat:close') {
        this.toggle(false);
      } else {
        this.tellVisibility();
      }
    }

    private tellVisibility(): void {
      if (document.visibilityState === 'visible' && !this.panel.hidden) {
        this.unread = 0;
        this.render();
      }

      const message: HostToFrame = { kind: 'lpse-chat:visibility', visible: document.visibilityState === 'visible' && !this.panel.hidden };
      this.frame?.contentWindow?.postMessage(message, server);
    }

    private render(): void {
      const open = !this.panel.hidden;
      this.button.innerHTML = open ? closeIcon : chatIcon; // static markup only, never user data
      this.button.setAttribute('aria-label', open ? text.close : text.open);
      this.button.setAttribute('aria-expanded', String(open));
      this.badge.hidden = this.unread === 0;
      this.badge.textContent = String(this.unread);
      this.badge.setAttribute('aria-label', `${this.unread} ${text.unread}`);
      // Touch the page title only while there is something to announce, and give the page's own title back after.
      if (this.unread > 0) {
        this.ownTitle = `(${this.unread}) ${text.unread} · ${baseTitle}`;
        document.title = this.ownTitle;
      } else if (this.ownTitle !== null) {
        if (document.title === this.ownTitle) {
          document.title = baseTitle;
        }

        this.ownTitle = null;
      }
    }
  }

  if (!customElements.get('lpse-chat-widget')) {
    customElements.define('lpse-chat-widget', LpseChatWidget);
  }

  const mount = (): void => {
    if (!document.querySelector('lpse-chat-widget')) {
      document.body.append(document.createElement('lpse-chat-widget'));
    }
  };
  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
}

boot();
