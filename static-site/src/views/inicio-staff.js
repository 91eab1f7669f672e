// Inicio of the staff (operators and admins; manual 2.3 "Inicio con estadísticas"): the buzón's
// tickets that wait for the user, and for admins those that wait for anyone (GET
// /api/tickets/stats, ticket-workload.js); the credit applications by state, those assigned to
// the user against all of them, and the average days from receipt to decision (GET
// /api/credit/stats). Each part loads and fails on its own. Drawn by inicio.js for staff roles.

import '../styles/credit.css';

import { adminDashboard } from '../admin-dashboard.js';
import { api } from '../api.js';
import { complaintsDueCard } from '../complaints-due.js';
import { card, cardGrid, dataTable, errorState, pageHeader, section, skeleton, statCard } from '../components.js';
import { daysText, openCount, statsFigures } from '../credit.js';
import { statusBadge } from '../credit-parts.js';
import { h } from '../dom.js';
import { counted, fullName, integer, todayIso } from '../format.js';
import { isAdmin } from '../session.js';
import { workloadCards, workloadFigures, workloadSummary } from '../ticket-workload.js';

const SOLICITUDES = '/solicitudes';

/** «Tickets del buzón»: drawn at once (skeleton), filled when the figures arrive; a failure is
 * this section's error state and leaves the credit part alone. */
function ticketWorkload(ctx, admin) {
  const holder = h('div', {});
  const load = async () => {
    holder.replaceChildren(skeleton({ cards: admin ? 4 : 3, lines: 0,
      label: 'Cargando los tickets del buzón…' }));
    let stats;
    try {
      // A side request: its 401 is not the session's verdict (the credit call's is).
      stats = await api.get('/api/tickets/stats', { signal: ctx.signal, redirectOn401: false });
    } catch (error) {
      if ((error && error.name === 'AbortError') || !ctx.isCurrent()) return;
      holder.replaceChildren(errorState({ message: error.message, onRetry: load }));
      return;
    }
    if (!ctx.isCurrent()) return;
    const figures = workloadFigures(stats);
    holder.replaceChildren(
      h('p', { className: 'section-description ticket-workload-summary' }, workloadSummary(figures)),
      cardGrid(...workloadCards(figures, { admin }).map((figure) => statCard(figure)),
        complaintsDueCard(stats, { admin })));
  };
  load();
  return section({ title: 'Tickets del buzón', className: 'ticket-workload' }, holder);
}

/** A count of one state leads to Solicitudes filtered to it (admins: operators' list has no
 * filter, it is already theirs). */
function countLink(count, status, label, admin) {
  if (!admin) return integer(count);
  return h('a', { href: `${SOLICITUDES}?estado=${encodeURIComponent(status)}`,
    'aria-label': `Ver ${counted(count, 'solicitud', 'solicitudes')} en estado ${label}` },
  integer(count));
}

/** «Vencidas»: applications waiting for the staff past the stage's hours (admins: everyone's),
 * leading to Solicitudes filtered to them. */
function overdueCard(overdue, admin) {
  const everyone = admin && overdue && overdue.all != null;
  const count = Math.max(0, Number(overdue && (everyone ? overdue.all : overdue.mine)) || 0);
  const hours = overdue && overdue.hours ? `más de ${integer(overdue.hours)} h` : 'demasiado';
  return statCard({ title: 'Vencidas', figure: integer(count), tone: count ? 'warning' : '',
    caption: `${everyone ? 'De todas: esperan' : 'Tuyas: esperan'} al personal ${hours}`,
    link: { href: `${SOLICITUDES}?espera=vencidos`, text: 'Ver las solicitudes vencidas' } });
}

/** The credit figures; the one that is a whole list (an operator's own, an admin's all) leads to it. */
function creditCards({ mine, all, primary, overdue }, admin) {
  return cardGrid(
    statCard({ title: admin ? 'Pendientes (todas)' : 'Mis pendientes',
      figure: integer(openCount(primary.rows)),
      caption: 'Recibidas, asignadas, en evaluación u observadas', tone: 'warning' }),
    statCard({ title: 'Asignadas a mí', figure: integer(mine.total),
      caption: counted(mine.decided, 'decidida', 'decididas'),
      link: admin ? null : { href: SOLICITUDES, text: 'Ver mis solicitudes' } }),
    statCard({ title: 'Todas las solicitudes', figure: integer(all.total),
      caption: counted(all.decided, 'decidida', 'decididas'),
      link: admin ? { href: SOLICITUDES, text: 'Ver todas las solicitudes' } : null }),
    statCard({ title: 'Días promedio a la decisión', figure: daysText(primary.averageDays),
      caption: admin ? `Todas · mías: ${daysText(mine.averageDays)}`
        : `Mías · todas: ${daysText(all.averageDays)}`, tone: 'success' }),
    overdueCard(overdue, admin));
}


export async function render(ctx) {
  const admin = isAdmin(ctx.session);
  const name = fullName(ctx.session && ctx.session.user);
  ctx.container.append(pageHeader({ title: 'Inicio', today: todayIso(),
    subtitle: 'Resumen de solicitudes de crédito' }),
  name ? h('p', { className: 'section-description' }, `Hola, ${name}.`) : null,
  ticketWorkload(ctx, admin));
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
  const cards = creditCards({ mine, all, primary, overdue: stats.overdue }, admin);

  const rows = all.rows.map((row, index) => ({ ...row, mine: mine.rows[index].count }));
  const table = dataTable({
    caption: 'Solicitudes por estado',
    captionHidden: true,
    columns: [
      { key: 'status', label: 'Estado', render: (row) => statusBadge({ status: row.status, status_label: row.label }) },
      { key: 'mine', label: 'Asignadas a mí', align: 'end', render: (row) => integer(row.mine) },
      { key: 'count', label: 'Todas', align: 'end',
        render: (row) => countLink(row.count, row.status, row.label, admin) },
    ],
    rows,
    footer: ['Total', integer(mine.total), integer(all.total)],
  });

  loading.replaceWith(h('div', { className: 'credit-layout' },
    section({ title: 'Solicitudes de crédito' }, cards),
    section({ title: 'Solicitudes por estado' }, card({ className: 'credit-stats-table' }, table)),
    h('p', {}, h('a', { href: '/solicitudes', className: 'button' }, 'Ver solicitudes de crédito'))));
  if (admin) ctx.container.append(adminDashboard(ctx));
}
