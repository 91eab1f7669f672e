// «Reclamos por vencer» on the staff home (issue 18): the open sheets of the Libro de
// Reclamaciones due within two business days or already late — the caller's, and for admins
// everyone's — from `complaints_due` of GET /api/tickets/stats, leading to «Reclamaciones».

import { statCard } from './components.js';
import { integer } from './format.js';

/** `{count, everyone, days}` from the stats' `complaints_due` (null when the API has none). */
export function complaintsDue(stats, admin) {
  const due = stats && stats.complaints_due;
  if (!due) return null;
  const everyone = Boolean(admin && due.all != null);
  const count = Math.max(0, Number(everyone ? due.all : due.mine) || 0);
  return { count, everyone, days: Number(due.within_days) || 0 };
}

/** The card (null when the API sent no figure). */
export function complaintsDueCard(stats, { admin = false } = {}) {
  const due = complaintsDue(stats, admin);
  if (!due) return null;
  const whose = due.everyone ? 'De todas' : 'Tuyas';
  return statCard({ title: 'Reclamos por vencer', figure: integer(due.count),
    tone: due.count ? 'warning' : '',
    caption: `${whose}: plazo legal en ${integer(due.days)} días hábiles o menos, o vencido`,
    link: { href: '/reclamaciones', text: 'Ver las reclamaciones' } });
}
