// The terms of use in force (manual 2.4.11 D; versions, issue 18), reachable with or without a
// session: the text, its version and date, and the versions before it with their summaries.

import '../styles/terms.css';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date } from '../format.js';
import { loadTerms, termsContent } from '../terms.js';

function versionItem(entry) {
  return h('li', {},
    h('strong', {}, `Versión ${entry.version}`), ` · vigente desde ${date(entry.effective_on)}`,
    h('br'), entry.summary);
}

/** The versions in force now or before, and one announced for a later date. */
function historyBlock() {
  const box = h('section', { className: 'terms-history', 'aria-labelledby': 'terminos-versiones' });
  loadTerms().then((terms) => {
    const history = Array.isArray(terms.history) ? terms.history : [];
    replaceChildren(box,
      h('h2', { id: 'terminos-versiones', className: 'terms-history-title' }, 'Versiones'),
      terms.upcoming ? notice('info',
        `La versión ${terms.upcoming.version} entrará en vigencia el ` +
        `${date(terms.upcoming.effective_on)}: ${terms.upcoming.summary}`) : null,
      h('ul', { className: 'terms-history-list' }, history.map(versionItem)));
  }).catch(() => replaceChildren(box));
  return box;
}

export function render(ctx) {
  return [
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Términos y condiciones de uso'),
    termsContent(),
    historyBlock(),
    h('div', { className: 'auth-links' }, ctx.session
      ? h('a', { href: '/inicio' }, 'Volver al inicio')
      : h('a', { href: '/login' }, 'Volver al inicio de sesión')),
  ];
}
