// The terms of use (manual 2.4.11 D), reachable with or without a session.

import { h } from '../dom.js';
import { termsContent } from '../terms.js';

export function render(ctx) {
  return [
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Términos y condiciones de uso'),
    termsContent(),
    h('div', { className: 'auth-links' }, ctx.session
      ? h('a', { href: '/inicio' }, 'Volver al inicio')
      : h('a', { href: '/login' }, 'Volver al inicio de sesión')),
  ];
}
