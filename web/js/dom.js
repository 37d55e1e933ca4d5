// Tiny DOM helpers. Text always goes in as text nodes / textContent, never as HTML.

// h('li', { class: 'row', dataset: { rep: 'amy' }, onclick: fn }, 'text', childNode, [more])
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') {
      for (const [name, v] of Object.entries(value)) el.style.setProperty(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v);
    }
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false).map(asNode));
  return el;
}

// s('rect', { x: 0, width: 4, 'data-count': 3 }, s('title', {}, '3 calls')): SVG elements need
// their namespace, and their attributes stay attributes (no className, no style object).
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) if (value != null && value !== false) el.setAttribute(key, String(value));
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false).map(asNode));
  return el;
}

function asNode(child) {
  return child instanceof Node ? child : String(child);
}

const numberFormat = new Intl.NumberFormat();
export const formatCount = (n) => (n == null ? '–' : numberFormat.format(n));

export function initials(name) {
  const words = String(name).replace(/\(.*?\)/g, '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}

// A stable hue per rep id, so a rep keeps their avatar colour everywhere.
export function hueOf(text) {
  let hash = 0;
  for (const ch of String(text)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 360;
}

export function avatar(rep, name, extraClass = '') {
  return h('span', { class: `avatar ${extraClass}`.trim(), 'aria-hidden': 'true', style: { '--hue': hueOf(rep) } },
    initials(name));
}

export const clockTime = (ms) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
