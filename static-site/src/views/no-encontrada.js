// Unknown address.

import { card, pageHeader } from '../components.js';
import { h } from '../dom.js';

export function render(ctx) {
  const home = ctx.session ? '/inicio' : '/login';
  const text = 'La dirección que buscas no existe o fue movida.';
  const link = h('a', { href: home, className: 'button' },
    ctx.session ? 'Ir al inicio' : 'Ir al inicio de sesión');
  if (!ctx.session) {
    return [h('h1', { className: 'auth-title', tabindex: '-1' }, 'Página no encontrada'),
      h('p', { className: 'auth-lead' }, text), link];
  }
  return [pageHeader({ title: 'Página no encontrada' }),
    card({}, h('p', {}, text), h('p', {}, link))];
}
