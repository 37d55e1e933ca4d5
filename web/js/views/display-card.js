// One screen in the console's Displays section: its name (renamed in place), whether it is on
// now or when it was last seen, and what can be done to it from here: show its name on it,
// reload it, program its playlist, its quiet-hours look and sound, or remove it (it then shows a
// new pairing code).
import { h } from '../dom.js';
import { mountPlaylistEditor } from './playlist-editor.js';

export function seenText(display, nowMs = Date.now()) {
  if (display.online) return 'On now';
  if (!display.last_seen) return 'Not seen yet';
  const minutes = Math.round((nowMs - Date.parse(display.last_seen)) / 60000);
  if (minutes < 1) return 'Last seen just now';
  if (minutes < 60) return `Last seen ${minutes} min ago`;
  if (minutes < 48 * 60) return `Last seen ${Math.round(minutes / 60)} h ago`;
  return `Last seen ${new Date(Date.parse(display.last_seen)).toLocaleDateString([], { day: 'numeric', month: 'short' })}`;
}

export function displayCard(display, { team, call, toast, open, onToggle }) {
  const path = `/displays/${encodeURIComponent(display.id)}`;
  const status = h('p', { class: 'form-status', role: 'status' });
  const act = (label, run, done) => h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: async (e) => {
    const button = e.currentTarget; // gone from the event once it was handled
    button.disabled = true;
    try { await run(); status.textContent = done; } catch (err) { status.textContent = `${label}: ${err.message}`; } finally { button.disabled = false; }
  } }, label);
  const name = h('input', { type: 'text', value: display.name, maxlength: 60, 'aria-label': `Name of ${display.name}`, class: 'display-name-input' });
  name.addEventListener('change', () => {
    const next = name.value.trim();
    if (!next || next === display.name) return;
    call('put', path, { name: next }).then(() => { status.textContent = `Renamed to “${next}”.`; }, (err) => { status.textContent = err.message; name.value = display.name; });
  });
  const quiet = h('select', { 'aria-label': `${display.name} in quiet hours`, onchange: (e) => call('put', path, { quiet_mode: e.target.value })
    .then(() => { status.textContent = 'Saved.'; }, (err) => { status.textContent = err.message; }) },
  h('option', { value: 'dim', selected: display.quiet_mode === 'dim' }, 'Dim to a clock'),
  h('option', { value: 'black', selected: display.quiet_mode === 'black' }, 'Black'));
  const sound = h('input', { type: 'checkbox', checked: display.sound, 'aria-label': `Sound on ${display.name}`, onchange: (e) => call('put', path, { sound: e.target.checked })
    .then(() => { status.textContent = e.target.checked ? 'A chime with celebrations and announcements.' : 'Silent.'; }, (err) => { status.textContent = err.message; }) });
  const editor = h('div', { class: 'display-editor', hidden: !open });
  const card = h('li', { class: 'display', 'data-display': display.id, 'data-online': String(display.online) },
    h('div', { class: 'display-head' },
      h('span', { class: 'display-dot', 'aria-hidden': 'true' }), name,
      h('span', { class: 'display-seen' }, seenText(display)),
      h('span', { class: 'display-slides' }, `${display.playlist.length} slide${display.playlist.length === 1 ? '' : 's'}${display.default_playlist ? ' (default)' : ''}`)),
    h('div', { class: 'display-actions' },
      act('Identify', () => call('post', `${path}/identify`), 'Its name shows on the screen for 10 s.'),
      act('Reload', () => call('post', `${path}/reload`), 'The screen reloads itself now.'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-expanded': String(Boolean(open)),
        onclick: () => onToggle(display.id) }, 'Playlist'),
      h('label', { class: 'field-inline' }, h('span', {}, 'Quiet hours'), quiet),
      h('label', { class: 'field-inline' }, sound, h('span', {}, 'Sound')),
      h('button', { type: 'button', class: 'btn btn-danger btn-small', onclick: () => {
        if (!confirm(`Remove “${display.name}”? The screen goes blank and shows a new pairing code.`)) return;
        call('del', path).then(() => toast(`${display.name} was removed.`), (err) => { status.textContent = err.message; });
      } }, 'Remove')),
    editor, status);
  if (open) {
    mountPlaylistEditor(editor, { display, team,
      onSave: (playlist) => call('put', path, { playlist }), onDefault: () => call('put', path, { playlist: null }) });
  }
  return card;
}
