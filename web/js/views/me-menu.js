// The top bar's "signed in as" menu: sign out of this device and, for a manager (role admin),
// the way between the rep page and the console. A rep's menu never offers the console.
import { h, avatar } from '../dom.js';

export function mountMeMenu(root, { me, onSignOut, onConsole = false, extra = null }) {
  const signOut = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: onSignOut }, 'Sign out');
  const [href, text, short, link] = onConsole ? ['/', 'My rep page', 'My page', 'rep-page'] : ['/admin', 'Manager’s console', 'Console', 'console'];
  const away = me.role === 'admin' ? h('a', { class: 'btn btn-primary btn-small', href, 'data-link': link }, text) : null;
  // <details>: a menu that opens with Enter/Space and needs no script.
  root.replaceChildren(
    away ? h('a', { class: 'topbar-link', href, 'data-link': link }, short) : '',
    h('details', { class: 'me-menu' },
      // The summary's name is its text (an aria-label would differ from what is shown).
    h('summary', {}, avatar(me.id, me.name, 'avatar-small'), h('span', { class: 'sr-only' }, 'Signed in as '), h('span', { class: 'me-name' }, me.name)),
      h('div', { class: 'me-pop' }, h('p', {}, 'Signed in as ', h('strong', {}, me.name)), extra, away, signOut)));
  return () => root.replaceChildren();
}
