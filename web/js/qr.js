// A QR code as an inline SVG element, encoded by the vendored uqr package (web/vendor/).
import { encode } from '../vendor/uqr.js';
import { s } from './dom.js';

export function qrCode(text, label) {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x} ${y}h1v1h-1z`; }));
  return s('svg', { class: 'qr', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' },
    s('rect', { class: 'qr-paper', width: size, height: size }), s('path', { class: 'qr-ink', d }));
}
