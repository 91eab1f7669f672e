// A screen outside the signed-in role's menu (the API would answer 403 anyway).

import { card, pageHeader } from '../components.js';
import { h } from '../dom.js';

export function render() {
  return [pageHeader({ title: 'Sin acceso' }),
    card({}, h('p', {}, 'No tienes acceso a esta sección con tu perfil.'),
      h('p', {}, h('a', { href: '/inicio', className: 'button' }, 'Ir al inicio')))];
}
