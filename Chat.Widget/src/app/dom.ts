// A tiny element builder. Strings always become text nodes: user data can never turn into markup here.
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | boolean | number | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) {
      continue;
    }

    if (typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'className') {
      el.className = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }

  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field with an in-place error message wired up by aria-describedby. */
export interface Field<T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> {
  wrap: HTMLDivElement;
  input: T;
  setError(message: string | null): void;
}

export function field<T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(label: string, input: T): Field<T> {
  const id = uid('f');
  const errorId = `${id}-err`;
  input.id = id;
  const error = h('p', { className: 'field-error', id: errorId });
  error.hidden = true;
  const wrap = h('div', { className: 'field' }, h('label', { for: id }, label), input, error);
  return {
    wrap,
    input,
    setError(message) {
      error.hidden = message === null;
      error.textContent = message ?? '';
      if (message === null) {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      } else {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', errorId);
      }
    },
  };
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function newId(): string {
  return crypto.randomUUID();
}
