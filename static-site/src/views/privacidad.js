// «Política de privacidad» (issue 18): the policy that the terms' clause 6 cites, under Ley
// N° 29733. Reachable with or without a session, like the terms.

import { h } from '../dom.js';
import { PRIVACY_TITLE, privacyContent } from '../privacy.js';

export function render(ctx) {
  return [
    h('h1', { className: 'auth-title', tabindex: '-1' }, PRIVACY_TITLE),
    privacyContent(),
    h('div', { className: 'auth-links' },
      h('a', { href: '/terminos' }, 'Ver los términos y condiciones de uso'),
      ctx.session
        ? h('a', { href: '/inicio' }, 'Volver al inicio')
        : h('a', { href: '/login' }, 'Volver al inicio de sesión')),
  ];
}
