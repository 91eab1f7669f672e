// Inicio of the staff (operators and admins; manual 2.3 "Inicio con estadísticas"): the credit
// applications by state, those assigned to the user against all of them, and the average days
// from receipt to decision (GET /api/credit/stats). Drawn by inicio.js for staff roles.

import '../styles/credit.css';

import { adminDashboard } from '../admin-dashboard.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, errorState, pageHeader, section, skeleton, statCard } from '../components.js';
import { daysText, openCount, statsFigures } from '../credit.js';
import { statusBadge } from '../credit-parts.js';
import { h } from '../dom.js';
import { fullName, integer, todayIso } from '../format.js';
import { isAdmin } from '../session.js';


export async function render(ctx) {
  const admin = isAdmin(ctx.session);
  const name = fullName(ctx.session && ctx.session.user);
  ctx.container.append(pageHeader({ title: 'Inicio', today: todayIso(),
    subtitle: 'Resumen de solicitudes de crédito' }),
  name ? h('p', { className: 'section-description' }, `Hola, ${name}.`) : null);
  const loading = skeleton({ cards: 4, lines: 4 });
  ctx.container.append(loading);

  let stats;
  try {
    stats = await api.get('/api/credit/stats', { signal: ctx.signal });
  } catch (error) {
    if ((error && error.name === 'AbortError') || !ctx.isCurrent()) return;
    loading.replaceWith(errorState({ message: error.message,
      onRetry: () => ctx.navigate('/inicio', { replace: true }) }));
    return;
  }
  if (!ctx.isCurrent()) return;

  const mine = statsFigures(stats, 'mine');
  const all = statsFigures(stats, 'all');
  const primary = admin ? all : mine;
  const cards = cardGrid(
    statCard({ title: admin ? 'Pendientes (todas)' : 'Mis pendientes',
      figure: integer(openCount(primary.rows)),
      caption: 'Recibidas, asignadas, en evaluación u observadas', tone: 'warning' }),
    statCard({ title: 'Asignadas a mí', figure: integer(mine.total),
      caption: `${integer(mine.decided)} decididas` }),
    statCard({ title: 'Todas las solicitudes', figure: integer(all.total),
      caption: `${integer(all.decided)} decididas` }),
    statCard({ title: 'Días promedio a la decisión', figure: daysText(primary.averageDays),
      caption: admin ? `Todas · mías: ${daysText(mine.averageDays)}`
        : `Mías · todas: ${daysText(all.averageDays)}`, tone: 'success' }));

  const rows = all.rows.map((row, index) => ({ ...row, mine: mine.rows[index].count }));
  const table = dataTable({
    caption: 'Solicitudes por estado',
    captionHidden: true,
    columns: [
      { key: 'status', label: 'Estado', render: (row) => statusBadge({ status: row.status, status_label: row.label }) },
      { key: 'mine', label: 'Asignadas a mí', align: 'end', render: (row) => integer(row.mine) },
      { key: 'count', label: 'Todas', align: 'end', render: (row) => integer(row.count) },
    ],
    rows,
    footer: ['Total', integer(mine.total), integer(all.total)],
  });

  loading.replaceWith(h('div', { className: 'credit-layout' },
    cards,
    section({ title: 'Solicitudes por estado' }, card({ className: 'credit-stats-table' }, table)),
    h('p', {}, h('a', { href: '/solicitudes', className: 'button' }, 'Ver solicitudes de crédito'))));
  if (admin) ctx.container.append(adminDashboard(ctx));
}
