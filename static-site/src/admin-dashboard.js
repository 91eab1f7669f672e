// The admin's figures on the staff Inicio (GET /api/admin/dashboard, issue 8): members registered
// and with 2FA, users signed in today, open tickets, active staff. Loaded by inicio-staff.js for
// admins only; a failure leaves a quiet notice, never the credit figures above it.

import { api } from './api.js';
import { roleName } from './admin.js';
import { cardGrid, notice, section, skeleton, statCard } from './components.js';
import { h } from './dom.js';
import { integer, percent } from './format.js';

/** The share of members with 2FA as a whole percent ("62%"); 0 members → "0%". */
export function totpShare(registered, withTotp) {
  const total = Number(registered) || 0;
  if (!total) return percent(0);
  return percent(Math.round(((Number(withTotp) || 0) * 100) / total));
}

/** A section drawn at once (skeleton) and filled when the figures arrive. */
export function adminDashboard(ctx) {
  const holder = h('div', {}, skeleton({ cards: 4, lines: 0, label: 'Cargando la administración…' }));
  const load = async () => {
    try {
      const data = await api.get('/api/admin/dashboard', { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      const staff = data.staff_active || {};
      const staffTotal = Object.values(staff).reduce((sum, count) => sum + (Number(count) || 0), 0);
      holder.replaceChildren(cardGrid(
        statCard({ title: 'Socios registrados', figure: integer(data.members_registered),
          caption: 'Cuentas de socio activas' }),
        statCard({ title: 'Socios con 2FA', figure: integer(data.members_with_totp),
          caption: `${totpShare(data.members_registered, data.members_with_totp)} de los socios`,
          tone: 'success' }),
        statCard({ title: 'Usuarios con sesión hoy', figure: integer(data.signed_in_today),
          caption: 'Inicios de sesión del día' }),
        statCard({ title: 'Tickets abiertos', figure: integer(data.open_tickets),
          caption: 'Abiertos, asignados o en atención', tone: 'warning',
          link: { href: '/mensajes', text: 'Ver los tickets' } }),
        statCard({ title: 'Personal activo', figure: integer(staffTotal),
          caption: Object.entries(staff).map(([role, count]) => `${roleName(role)}: ${integer(count)}`)
            .join(' · ') })));
    } catch (error) {
      if ((error && error.name === 'AbortError') || !ctx.isCurrent()) return;
      holder.replaceChildren(notice('warning', h('p', {},
        'No se pudieron cargar las cifras de administración.')));
    }
  };
  load();
  return section({ title: 'Administración' }, holder,
    h('p', {}, h('a', { href: '/usuarios', className: 'button button-secondary' }, 'Ir a Usuarios')));
}
