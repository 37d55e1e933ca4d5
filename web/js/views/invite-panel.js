// A person's invite: a one-time link (/join#CODE; the code rides in the fragment, which no
// server or Referer ever sees) with a QR code for a phone's camera, copied to the clipboard on
// request. "Copy invite link" always makes a new one (a newer invite voids the older, so the
// link just copied is the one that works); the QR code shows the current one.
import { h } from '../dom.js';
import { qrCode } from '../qr.js';

export async function mountInvite(root, { rep, repPath, api, invites, copy, onClose }) {
  // A promise per person, so a row drawn again while the request runs shares it.
  if (copy) invites.delete(rep.id);
  let pending = invites.get(rep.id);
  if (!pending) {
    root.replaceChildren(h('p', { class: 'muted' }, 'Making an invite link…'));
    pending = api.post(`${repPath}/invite`); // the roster is unchanged: no reload
    invites.set(rep.id, pending);
    pending.then((made) => {
      // Due to expire: the next look makes a new one.
      setTimeout(() => invites.get(rep.id) === pending && invites.delete(rep.id), Math.max(0, Date.parse(made.expires_at) - Date.now() - 60000));
    }, () => invites.delete(rep.id));
  }
  const invite = await pending;
  const link = h('input', { type: 'text', readonly: true, value: invite.url, class: 'invite-url', 'aria-label': `Invite link for ${rep.name}`, spellcheck: 'false' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const copyButton = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-action': 'copy-again', onclick: () => put() }, 'Copy');
  const until = new Date(invite.expires_at).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
  const who = rep.role === 'display' ? 'the wall' : rep.name;
  root.replaceChildren(h('div', { class: 'invite' },
    h('div', { class: 'invite-text' },
      h('p', { class: 'invite-how' }, `Send this link to ${who}, or scan the code with the phone. It signs in one device, once, until ${until}.`),
      h('div', { class: 'invite-copy' }, link, copyButton), status,
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { root.hidden = true; root.replaceChildren(); onClose?.(); } }, 'Close')),
    h('figure', { class: 'invite-qr' }, qrCode(invite.url, `QR code of the invite link for ${rep.name}`),
      h('figcaption', { class: 'hint' }, 'Scan to sign in'))));

  async function put() {
    link.select();
    try {
      await navigator.clipboard.writeText(invite.url);
      status.textContent = 'Copied. Paste it into a message to them.';
    } catch {
      // No clipboard API (plain http on a LAN): the selected text copies the old way.
      status.textContent = document.execCommand?.('copy') ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }
  if (copy) await put();
}
