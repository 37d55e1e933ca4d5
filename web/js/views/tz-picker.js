// A time zone field: a text input searchable over the browser's list of IANA zones (a datalist:
// typing "york" or "London" narrows it), preselected, with the time there now as a check.
import { h } from '../dom.js';

let zones = null;
export function timeZones() {
  if (!zones) {
    let list = [];
    try { list = Intl.supportedValuesOf('timeZone'); } catch { /* an older browser: type it */ }
    zones = [...new Set(['UTC', ...list])];
  }
  return zones;
}

export const browserZone = () => {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
};

function timeIn(zone) {
  try {
    return new Date().toLocaleTimeString([], { timeZone: zone, hour: '2-digit', minute: '2-digit', weekday: 'short' });
  } catch {
    return null;
  }
}

export function tzField({ id, value = browserZone(), label = 'Time zone' }) {
  const list = h('datalist', { id: `${id}-zones` }, timeZones().map((z) => h('option', { value: z })));
  const hint = h('span', { class: 'field-hint', id: `${id}-hint` });
  const input = h('input', { id, name: 'tz', type: 'text', value, list: list.id, required: true, autocomplete: 'off',
    spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': hint.id, placeholder: 'Search: London, New York, Berlin…' });
  const show = () => {
    const now = timeIn(input.value.trim());
    hint.textContent = now ? `Days and weeks count in this zone. It is ${now} there now.` : 'Pick a zone from the list, e.g. Europe/London.';
  };
  input.addEventListener('input', show);
  show();
  return {
    el: h('div', { class: 'field' }, h('label', { for: id }, label), input, list, hint),
    input,
    // The zone typed, when the browser knows it; else null (the server has the last word).
    value() {
      const typed = input.value.trim();
      const known = timeZones().find((z) => z.toLowerCase() === typed.toLowerCase());
      return known || (timeIn(typed) ? typed : null);
    },
  };
}
