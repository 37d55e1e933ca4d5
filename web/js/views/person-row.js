// One person in People: name (rename in place), role, devices signed in now, and the actions:
// Copy invite link, QR code (the invite panel), Sign out everywhere, Remove.
import { h, avatar } from '../dom.js';
import { mountInvite } from './invite-panel.js';

export const ROLES = [['rep', 'Rep'], ['admin', 'Manager'], ['display', 'Wall display']];

export function personRow(rep, { api, roster, toast, me, invites, panels, open, onOpen }) {
  const repPath = `${roster.path}/reps/${encodeURIComponent(rep.id)}`;
  const self = rep.id === me?.id;
  const devices = Number(rep.sessions) || 0;
  const kept = panels.get(rep.id);
  const panel = kept || h('div', { class: 'invite-box', id: `invite-${rep.id}`, hidden: !open });
  panels.set(rep.id, panel);
  const act = (text, action, onclick, extra = {}) => h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': action, onclick, ...extra }, text);
  const problem = (verb) => (err) => toast(err.message, { title: `${rep.name}: ${verb} failed`, tone: 'error' });

  const nameView = h('span', { class: 'person-name' }, rep.name, self ? h('span', { class: 'you' }, 'You') : null);
  const nameBox = h('div', { class: 'person-who' }, nameView,
    h('span', { class: 'person-devices', 'data-sessions': devices },
      devices ? `${devices} device${devices === 1 ? '' : 's'} signed in` : 'Not signed in'));
  const role = h('select', { 'aria-label': `Role of ${rep.name}`, 'data-action': 'role', disabled: self },
    ROLES.map(([value, text]) => h('option', { value, selected: value === rep.role }, text)));
  role.addEventListener('change', () => roster.change((api) => api.patch(repPath, { role: role.value }))
    .then(() => toast(`${rep.name} is now a ${ROLES.find(([v]) => v === role.value)[1].toLowerCase()}.`), problem('changing the role')));

  const showInvite = async (copy) => {
    panel.hidden = false;
    onOpen(rep.id);
    await mountInvite(panel, { rep, repPath, api, invites, copy, onClose: () => onOpen(null) }).catch(problem('the invite'));
  };
  const row = h('li', { class: 'person', 'data-rep': rep.id, 'data-role': rep.role },
    avatar(rep.id, rep.name), nameBox,
    h('div', { class: 'person-role' }, role),
    h('div', { class: 'person-actions' },
      act('Copy invite link', 'copy', () => showInvite(true), { 'aria-controls': panel.id }),
      act('QR code', 'qr', () => showInvite(false), { 'aria-controls': panel.id }),
      act('Rename', 'rename', () => rename()),
      devices ? act('Sign out everywhere', 'sign-out', () => signOutEverywhere()) : null,
      self ? null : act('Remove', 'remove', () => remove(), { class: 'btn btn-ghost btn-small btn-quiet-danger' })),
    panel);
  if (open && !panel.childElementCount) showInvite(false);

  function rename() {
    const input = h('input', { type: 'text', value: rep.name, maxlength: 60, 'aria-label': `New name for ${rep.name}`, required: true });
    const form = h('form', { class: 'rename' }, input, h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => form.replaceWith(nameView) }, 'Cancel'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name || name === rep.name) return form.replaceWith(nameView);
      roster.change((api) => api.patch(repPath, { name })).then(() => toast(`${rep.name} is now ${name}.`), problem('renaming'));
    });
    nameView.replaceWith(form);
    input.select();
  }

  function signOutEverywhere() {
    if (!confirm(`Sign ${rep.name} out on every device? They need a new invite link to sign in again.`)) return;
    roster.change((api) => api.del(`${repPath}/sessions`)).then(() => toast(`${rep.name} is signed out everywhere.`), problem('signing out'));
  }

  function remove() {
    if (!confirm(`Remove ${rep.name}? Their pairs are dissolved and they cannot sign in any more. Their history stays in exports.`)) return;
    roster.change((api) => api.del(repPath)).then(() => toast(`${rep.name} removed.`), problem('removing'));
  }
  return row;
}
