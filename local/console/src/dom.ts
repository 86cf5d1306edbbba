/** A small element builder: `h('div', { class: 'x' }, child, 'text')`. */
export type Child = Node | string | number | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== false && child !== null && child !== undefined)
      element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | undefined> = {},
  ...children: Array<Node | string>
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** `12:03:04.512`, the time of a hop. */
export function clock(iso: string): string {
  return iso.slice(11, 23);
}

export function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** The children a view builds, without the ones a condition left out. */
export function present(...children: Child[]): Array<Node | string> {
  return children
    .filter((child): child is Node | string | number => child !== false && child !== null && child !== undefined)
    .map((child) => (typeof child === 'number' ? String(child) : child));
}
