// Buzón (manual 2.4.10): the member talks with the cooperative about their questions; each
// ticket gets an attention number and a staff member who solves it.
//
//   /buzon               the member's tickets (N°, asunto, categoría, estado, última actividad,
//                        the worded unread mark), "Cargar más" while the API has a next_cursor
//   /buzon?nuevo=1       "Nuevo ticket": asunto, categoría, mensaje (counter 0/5000)
//   /buzon?ticket=<id>   the thread (deep link of the e-mails) with the reply box

import { api, isAbort } from '../api.js';
import { dataTable, emptyState, notice, pageHeader, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  clearErrors, formAlert, inputField, selectField, showApiError, whileBusy,
} from '../forms.js';
import { RESTORED_NOTE, draftKey, keepDraft } from '../drafts.js';
import { dateTime } from '../format.js';
import { setMenuNote } from '../layout.js';
import { pagedList } from '../paged-list.js';
import {
  CATEGORIES, SUBJECT_MAX, categoryLabel, listQuery, newRepliesText, newTicketBody, ticketIdFrom,
  ticketNumber, validateNewTicket,
} from '../tickets.js';
import {
  closedNotice, countedTextarea, focusLastMessage, messageThread, replyForm, statusBadge,
  threadLoader, threadTitle, ticketFacts, ticketLink,
} from '../tickets-parts.js';

const BASE = '/buzon';
const EMPTY_TEXT = 'Aún no tienes tickets. Crea uno con «Nuevo ticket»';

/** The number of the ticket just created, shown once on its thread. */
let justCreated = null;

function newTicketLink() {
  return h('a', { href: `${BASE}?nuevo=1`, className: 'button' }, 'Nuevo ticket');
}

function backLink() {
  return h('p', { className: 'back-link' }, h('a', { href: BASE }, '← Volver al buzón'));
}

// --- the list -------------------------------------------------------------------------------

/**
 * The member's tickets: on a phone each one a card whose whole area opens it (the number's
 * link is stretched over its row), with the subject, its state and a worded «Nueva respuesta».
 */
function ticketsTable(items) {
  return dataTable({
    caption: 'Mis tickets', captionHidden: true, className: 'tickets-table rows-are-links',
    rowClass: (ticket) => (ticket.unread ? 'is-unread' : ''),
    columns: [
      { key: 'number', label: 'N° de atención', phone: 'meta',
        render: (ticket) => ticketLink(BASE, ticket) },
      { key: 'subject', label: 'Asunto', phone: 'title' },
      { key: 'category', label: 'Categoría',
        render: (ticket) => categoryLabel(ticket.category, ticket.category_label) },
      { key: 'status', label: 'Estado', phone: 'status', render: statusBadge },
      { key: 'last_message_at', label: 'Última actividad',
        render: (ticket) => dateTime(ticket.last_message_at) },
    ],
    rows: items,
  });
}

/** Focus the ticket link at `index` (the first of a page just loaded with "Cargar más"). */
function focusTicketLink(body, index) {
  const links = body.querySelectorAll('.ticket-number a');
  if (links[index]) links[index].focus();
}

async function listScreen(ctx) {
  ctx.container.append(pageHeader({ title: 'Buzón',
    subtitle: 'Tus consultas a la cooperativa', actions: newTicketLink() }));
  const list = pagedList({
    ctx, bodyClassName: 'tickets-body',
    fetchPage: async (cursor, signal) => {
      const page = await api.get('/api/tickets', { query: listQuery({ cursor }), signal });
      if (!cursor) setMenuNote(BASE, newRepliesText(page && page.items) ? 'Nueva respuesta' : null);
      return page;
    },
    drawItems: (items) => (items.length ? ticketsTable(items)
      : emptyState({ title: 'Sin tickets', text: EMPTY_TEXT, action: newTicketLink() })),
    onMore: (firstNew) => focusTicketLink(list.body, firstNew),
  });
  ctx.container.append(...list.nodes);
  await list.reload();
}

// --- the new ticket -------------------------------------------------------------------------

function newTicketScreen(ctx) {
  ctx.container.append(pageHeader({ title: 'Nuevo ticket',
    subtitle: 'Te asignaremos un número de atención y una persona que atenderá tu consulta' }),
  backLink());

  const alert = formAlert();
  const subject = inputField({ label: 'Asunto', name: 'subject', maxlength: String(SUBJECT_MAX),
    autocomplete: 'off', hint: `Hasta ${SUBJECT_MAX} caracteres.` });
  const category = selectField({ label: 'Categoría', name: 'category', placeholder: 'Elige una categoría',
    options: CATEGORIES.map(([value, label]) => ({ value, label })) });
  const message = countedTextarea({ label: 'Mensaje', name: 'message', rows: 8,
    hint: 'Cuéntanos tu consulta con el mayor detalle posible.' });
  const button = h('button', { type: 'submit', className: 'button' }, 'Enviar ticket');
  const fields = { subject, category, message };
  const form = h('form', { className: 'form card ticket-form', novalidate: true,
    'aria-label': 'Nuevo ticket' },
  alert.root, subject.root, category.root, message.root,
  h('div', { className: 'form-actions' }, button));
  const draft = keepDraft({ form, key: draftKey(ctx.session.user.id, 'new-ticket'),
    fields: { subject: subject.input, category: category.input, message: message.input } });
  if (draft.restored) {
    message.refresh();
    form.prepend(notice('info', h('p', {}, RESTORED_NOTE)));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const values = { subject: subject.input.value, category: category.input.value,
      message: message.input.value };
    const problems = validateNewTicket(values);
    const names = Object.keys(problems);
    if (names.length) {
      for (const name of names) fields[name].setError(problems[name]);
      fields[names[0]].input.focus();
      return;
    }
    whileBusy(button, async () => {
      try {
        const created = await api.post('/api/tickets', newTicketBody(values), { signal: ctx.signal });
        draft.discard();
        if (!ctx.isCurrent()) return;
        justCreated = { id: created.id, number: created.number };
        await ctx.navigate(`${BASE}?ticket=${encodeURIComponent(created.id)}`, { replace: true });
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, fields);
      }
    }, 'Enviando…');
  });
  ctx.container.append(form);
  subject.input.focus();
}

// --- the thread -----------------------------------------------------------------------------

async function threadScreen(ctx, ticketId) {
  let created = justCreated && justCreated.id === ticketId ? justCreated : null;
  justCreated = null;
  const header = pageHeader({ title: 'Buzón' });
  const body = h('div', { className: 'ticket-view' }, skeleton({ cards: 0, lines: 5 }));
  const status = h('div', { className: 'visually-hidden', role: 'status' });
  ctx.container.append(header, backLink(), status, body);

  const draw = (ticket, { focusLast = false } = {}) => {
    const title = header.querySelector('.page-title');
    title.textContent = threadTitle(ticket);
    ctx.setTitle(`${ticketNumber(ticket.number)} · Buzón`);
    const thread = messageThread(ticket.messages);
    replaceChildren(body,
      created ? notice('success', h('p', { className: 'ticket-created' },
        `Tu número de atención es ${ticketNumber(created.number)}.`),
      h('p', {}, 'Te avisaremos por correo cuando te respondan.')) : null,
      h('section', { className: 'card ticket-summary', 'aria-label': 'Datos del ticket' },
        ticketFacts(ticket)),
      h('section', { className: 'ticket-thread', 'aria-label': 'Conversación' }, thread),
      ticket.can_reply
        ? h('section', { className: 'card' }, replyForm({ ticketId, signal: ctx.signal,
          onSent: async () => {
            status.textContent = 'Tu respuesta fue enviada.';
            created = null;
            await reload({ focusLast: true });
          } }))
        : closedNotice(false));
    if (focusLast) focusLastMessage(body);
  };

  const reload = threadLoader({ ctx, ticketId, body, draw,
    notFoundText: 'El ticket no existe o no es tuyo.', listHref: BASE, listLabel: 'Ver mis tickets' });
  await reload();
}

export async function render(ctx) {
  const ticketId = ticketIdFrom(ctx.query);
  if (ticketId) return threadScreen(ctx, ticketId);
  if (ctx.query.has('ticket')) {
    ctx.container.append(pageHeader({ title: 'Buzón' }), backLink(),
      emptyState({ title: 'Ticket no encontrado', text: 'El enlace del ticket no es válido.' }));
    return undefined;
  }
  if (ctx.query.get('nuevo') === '1') return newTicketScreen(ctx);
  return listScreen(ctx);
}
