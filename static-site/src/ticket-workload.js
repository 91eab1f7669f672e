// «Tickets del buzón» on the staff Inicio (GET /api/tickets/stats, issue 16 point 8): what waits
// for whom, each figure leading to the Administración de Mensajes list that shows it (its
// filters live in the URL: ?estado=, `todos` for every state). Pure: inicio-staff.js draws it.

import { counted, integer } from './format.js';

const MENSAJES = '/mensajes';

/** Mensajes filtered to one ticket state: "/mensajes?estado=assigned". */
export function ticketsWithStatus(status) {
  return `${MENSAJES}?estado=${encodeURIComponent(status)}`;
}

/** The answer's figures as numbers (0 for anything missing); `unassigned` null for operators. */
export function workloadFigures(stats) {
  const mine = (stats && stats.mine) || {};
  const count = (value) => Math.max(0, Number(value) || 0);
  const unassigned = stats && stats.unassigned != null ? count(stats.unassigned) : null;
  const assigned = count(mine.assigned);
  const inProgress = count(mine.in_progress);
  const overdue = (stats && stats.overdue) || {};
  return { assigned, inProgress, ongoing: assigned + inProgress, unread: count(stats && stats.unread),
    unassigned, overdueMine: count(overdue.mine),
    overdueAll: overdue.all != null ? count(overdue.all) : null, overdueHours: count(overdue.hours) };
}

/** Mensajes filtered to the overdue tickets: the caller's, or for admins everyone's. */
export function overdueTicketsHref(admin) {
  return admin ? `${MENSAJES}?estado=todos&espera=vencidos` : `${MENSAJES}?espera=vencidos`;
}

/** «Vencidos»: tickets waiting for the staff past the stage's hours (admins: everyone's). */
function overdueCard({ overdueMine, overdueAll, overdueHours }, admin) {
  const everyone = admin && overdueAll != null;
  const count = everyone ? overdueAll : overdueMine;
  const span = overdueHours ? `más de ${integer(overdueHours)} h` : 'demasiado';
  return { title: 'Vencidos', figure: integer(count), tone: count ? 'warning' : '',
    caption: `${everyone ? 'De todos: esperan' : 'Tuyos: esperan'} al personal ${span}`,
    link: { href: overdueTicketsHref(everyone), text: 'Ver los tickets vencidos' } };
}

/**
 * The section's one sentence: "Tienes 3 tickets en curso; 1 con respuesta del socio sin leer.
 * 2 tickets esperan un responsable." (the last part for admins).
 */
export function workloadSummary(figures) {
  const { ongoing, unread, unassigned } = figures;
  let text = ongoing ? `Tienes ${counted(ongoing, 'ticket en curso', 'tickets en curso')}`
    : 'No tienes tickets en curso';
  text += unread ? `; ${integer(unread)} con respuesta del socio sin leer.` : '.';
  if (unassigned != null) {
    text += unassigned ? ` ${counted(unassigned, 'ticket espera', 'tickets esperan')} un responsable.`
      : ' Ningún ticket espera un responsable.';
  }
  return text;
}

/**
 * The statCards' arguments, the unassigned queue first for admins. An admin's Mensajes lists every
 * assignee's tickets in a state (its `?asignado=` names operators only), so their links say so.
 */
export function workloadCards(figures, { admin }) {
  const { assigned, inProgress, ongoing, unread, unassigned } = figures;
  const cards = [
    { title: 'Asignados a mí', figure: integer(assigned), caption: 'Aún sin empezar',
      tone: assigned ? 'warning' : '',
      link: { href: ticketsWithStatus('assigned'),
        text: admin ? 'Ver los tickets asignados' : 'Ver mis asignados' } },
    { title: 'En atención', figure: integer(inProgress), caption: 'Asignados a mí, ya empezados',
      link: { href: ticketsWithStatus('in_progress'),
        text: admin ? 'Ver los tickets en atención' : 'Ver mis tickets en atención' } },
    { title: 'Con respuesta del socio sin leer', figure: integer(unread),
      caption: `De ${counted(ongoing, 'ticket tuyo en curso', 'tickets tuyos en curso')}`,
      tone: unread ? 'warning' : '',
      link: admin ? { href: ticketsWithStatus('todos'), text: 'Ver todos los tickets' }
        : { href: MENSAJES, text: 'Ver mis tickets' } },
  ];
  if (admin && unassigned != null) {
    cards.unshift({ title: 'Sin asignar', figure: integer(unassigned),
      caption: 'Abiertos, esperan un responsable', tone: unassigned ? 'warning' : '',
      link: { href: ticketsWithStatus('open'), text: 'Asignar tickets' } });
  }
  cards.push(overdueCard(figures, admin));
  return cards;
}
