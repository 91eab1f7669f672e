// Contenido público (issue 18): the admin keeps the savings and deposit rates, the fees and the
// agencies that /tasas-y-tarifas and /contacto show.

import { pageHeader } from '../components.js';

export function render(ctx) {
  ctx.container.append(pageHeader({ title: 'Contenido público' }));
}
