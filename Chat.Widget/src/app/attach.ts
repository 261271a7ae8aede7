// Attachments in the widget: the tray of files being uploaded (button, camera on phones, drag and drop, paste),
// each with its name, size, progress and a cancel button; and opening files in messages. Files are fetched with the
// visitor's token into blob: URLs, so a download link never leaves this frame and never works without signing in.
import type { AttachmentInfo, AttachmentLink, UploadedAttachment } from '../protocol';
import { token } from './api';
import { h } from './dom';
import { lang, t } from './i18n';

const maxFiles = 5;
const maxBytes = 10 * 1024 * 1024;
const accept = '.png,.jpg,.jpeg,.webp,.pdf,.docx,.xlsx,.zip,.txt,.csv';

interface Item { el: HTMLLIElement; xhr: XMLHttpRequest; done?: AttachmentInfo }

export const size = (n: number): string => (n < 1048576 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`);

const bearer = (): Record<string, string> => ({ Authorization: `Bearer ${token() ?? ''}` });

const fetched = new Map<string, Promise<string>>();

/** A blob: URL of the attachment, fetched once with a fresh short-lived link (lines are redrawn often). */
export function open(id: string): Promise<string> {
  let url = fetched.get(id);
  if (!url) {
    url = load(id);
    url.catch(() => fetched.delete(id));
    fetched.set(id, url);
  }

  return url;
}

async function load(id: string): Promise<string> {
  const link = (await (await fetch(`/api/attachments/${id}/link`, { method: 'POST', headers: bearer() })).json()) as AttachmentLink;
  const r = await fetch(link.url, { headers: bearer() });
  if (!r.ok) {
    throw new Error(String(r.status));
  }

  return URL.createObjectURL(await r.blob());
}

/** The files of a message: thumbnails for images, a download button for the rest, a notice when withheld. */
export function files(list: AttachmentInfo[] | null): HTMLElement | null {
  if (!list?.length) {
    return null;
  }

  return h('ul', { className: 'files' }, ...list.map((a) => {
    const label = `${a.fileName} (${size(a.size)})`;
    if (a.withheld) {
      return h('li', { className: 'withheld' }, `${a.fileName}: ${t('fileWithheld')}`);
    }

    const link = h('a', { href: '#', download: a.fileName, className: 'file' }, a.image ? null : label);
    link.onclick = async (e) => {
      if (link.getAttribute('href') === '#') {
        e.preventDefault();
        link.href = await open(a.id);
        link.click();
      }
    };
    if (a.image) {
      const img = h('img', { alt: label, width: String(Math.min(160, a.width ?? 160)) });
      void open(a.id).then((url) => {
        img.src = url;
        link.href = url;
      });
      link.append(img);
    }

    return h('li', {}, link);
  }));
}

/** The tray above the composer; <see>ready()</see> gives the ids to send, <see>clear()</see> empties it after sending. */
export class Tray {
  readonly el = h('ul', { className: 'tray' });
  private readonly items = new Set<Item>();

  /** <paramref>target</paramref>: the upload's place as a query (<c>conversationId=…</c>), empty for the offline form. */
  constructor(private readonly target: () => string, private readonly say: (text: string | null) => void) {}

  /** The attach button (and, on phones, the camera button) for the composer. */
  buttons(): HTMLElement[] {
    const input = (capture: boolean): HTMLInputElement => {
      const i = h('input', { type: 'file', multiple: !capture, accept: capture ? 'image/*' : accept, capture: capture ? 'environment' : undefined, className: 'sr-only' });
      i.onchange = () => {
        this.add([...(i.files ?? [])]);
        i.value = '';
      };
      return i;
    };
    const b = [h('label', { className: 'btn attach', title: t('attach') }, input(false), h('span', { 'aria-hidden': 'true' }, '📎'), h('span', { className: 'sr-only' }, t('attach')))];
    if (matchMedia('(pointer: coarse)').matches) {
      b.push(h('label', { className: 'btn attach', title: t('camera') }, input(true), h('span', { 'aria-hidden': 'true' }, '📷'), h('span', { className: 'sr-only' }, t('camera'))));
    }

    return b;
  }

  /** Drag and drop onto the chat, and screenshots pasted into the message box. */
  watch(area: HTMLElement, box: HTMLElement): void {
    area.addEventListener('dragover', (e) => e.preventDefault());
    area.addEventListener('drop', (e) => {
      e.preventDefault();
      this.add([...(e.dataTransfer?.files ?? [])]);
    });
    box.addEventListener('paste', (e) => {
      const pasted = [...(e.clipboardData?.files ?? [])];
      if (pasted.length) {
        e.preventDefault();
        this.add(pasted);
      }
    });
  }

  busy(): boolean {
    return [...this.items].some((i) => !i.done && i.xhr.readyState !== 4);
  }

  ready(): string[] {
    return [...this.items].flatMap((i) => (i.done ? [i.done.id] : []));
  }

  /** The files sent with the message, for its line until the server's copy arrives. */
  sent(): AttachmentInfo[] {
    return [...this.items].flatMap((i) => (i.done ? [i.done] : []));
  }

  clear(): void {
    this.items.forEach((i) => this.remove(i));
  }

  add(list: File[]): void {
    this.say(null);
    for (const file of list) {
      if (this.items.size >= maxFiles) {
        this.say(t('tooManyFiles', maxFiles));
        return;
      }

      this.upload(file);
    }
  }

  private upload(file: File): void {
    const bar = h('progress', { max: '100', value: '0' });
    const note = h('span', { className: 'note' });
    const cancel = h('button', { type: 'button', className: 'link-btn', 'aria-label': `${t('cancel')} ${file.name}` }, '×');
    const thumb = file.type.startsWith('image/') ? h('img', { alt: '', src: URL.createObjectURL(file) }) : null;
    const item: Item = { el: h('li', {}, thumb, h('span', { className: 'name' }, file.name), ` ${size(file.size)} `, bar, note, cancel), xhr: new XMLHttpRequest() };
    this.items.add(item);
    this.el.append(item.el);
    cancel.onclick = () => this.remove(item);
    const fail = (text: string): void => {
      bar.remove();
      item.el.className = 'failed';
      note.textContent = text;
    };
    // The server says the same, but a file over the limit need not travel first.
    if (file.size > maxBytes) {
      fail(t('fileTooLarge', size(maxBytes)));
      return;
    }

    const x = item.xhr;
    x.open('POST', `/api/attachments?${this.target()}&name=${encodeURIComponent(file.name || 'tangkapan-layar')}&lang=${lang()}`);
    x.setRequestHeader('Authorization', bearer()['Authorization']!);
    x.upload.onprogress = (e) => {
      bar.value = e.lengthComputable ? (100 * e.loaded) / e.total : 0;
    };
    x.onload = () => {
      const body = JSON.parse(x.responseText || '{}') as UploadedAttachment & { detail?: string };
      if (x.status < 300) {
        item.done = body.attachment;
        bar.value = 100;
        item.el.className = 'done';
      } else {
        fail(body.detail ?? t('error'));
      }
    };
    x.onerror = () => fail(t('error'));
    x.send(file);
  }

  private remove(item: Item): void {
    item.xhr.abort();
    item.el.remove();
    this.items.delete(item);
  }
}
