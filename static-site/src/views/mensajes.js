// Administración de Mensajes (manual 2.3, 2.4.10 on the staff side).
//
//   /mensajes              operators: the tickets assigned to them; admins: the tickets nobody
//                          has yet (`open`), with an "Asignar" control per row; both filter by
//                          ?estado= (`todos` for every state), ?categoria=, ?espera= (`4`, `24`,
//                          `vencidos`: waiting for the staff), ?asignado= (admins), kept in the
//                          URL so the staff home can link to a filtered list; «Espera» per row
//   /mensajes?ticket=<id>  the thread (deep link of the e-mails): reply box, "Cambiar estado"
//                          limited to the API's `allowed_statuses` (closing asks first) and, for
//                          admins, the assignment
//
// The people a ticket can be given to come from GET /api/admin/users?role=operator (docs/design/API.md
// "admin"); when that list cannot be read the assignment control says so and stays disabled.

import { api, isAbort } from '../api.js';
import {
  confirmDialog, dataTable, emptyState, notice, pageHeader, skeleton,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { clearErrors, formAlert, selectField, showApiError, whileBusy } from '../forms.js';
import { dateTime } from '../format.js';
import { activeOperators } from '../operators.js';
import { memberProductsSection } from '../member-products-parts.js';
import { pagedList } from '../paged-list.js';
import { rewriteUrl } from '../router.js';
import { sharedQueueSection } from '../routing-parts.js';
import { isAdmin } from '../session.js';
import {
  CATEGORIES, STATUSES, WAITING_CHOICES, categoryLabel, filtersFromQuery, filtersSearch, listQuery,
  needsConfirmation, statusLabel, statusOptions, ticketIdFrom, ticketNumber, waitingText,
} from '../tickets.js';
import {
  closedNotice, focusLastMessage, messageThread, replyForm, statusBadge, threadLoader, threadTitle,
  ticketFacts, ticketLink, unreadMark,
} from '../tickets-parts.js';

const BASE = '/mensajes';
const ASSIGNABLE = new Set(['open', 'assigned', 'in_progress']);
const STAFF_ERROR = 'No se pudo cargar la lista de operadores.';

function backLink() {
  return h('p', { className: 'back-link' }, h('a', { href: BASE }, '← Volver a los mensajes'));
}

/** The operators an admin can assign to: [{id, name}] or null when the list cannot be read. */
async function loadOperators(ctx) {
  try {
    return await activeOperators(ctx.signal);
  } catch (error) {
    if (isAbort(error)) throw error;
    return null;
  }
}

/** The operators to choose from, the current assignee included even if the list lacks them. */
function assignOptions(ticket, operators) {
  const options = (operators || []).map((user) => ({ value: user.id, label: user.name }));
  if (operators && ticket.assignee_id && !options.some((o) => o.value === ticket.assignee_id)) {
    options.push({ value: ticket.assignee_id, label: ticket.assignee_name || ticket.assignee_id });
  }
  return options;
}

/** The operator select: compact in a table row (label for screen readers only). */
function operatorField(ticket, operators, compact) {
  const emptyChoice = compact ? 'Sin asignar' : 'Elige un operador';
  const field = selectField({
    label: compact ? `Asignar el ticket ${ticketNumber(ticket.number)} a` : 'Asignar a',
    name: 'operator_id', options: assignOptions(ticket, operators),
    placeholder: operators ? emptyChoice : STAFF_ERROR,
    value: ticket.assignee_id || '', className: compact ? 'field-compact' : '',
    disabled: !operators,
  });
  if (compact) field.root.querySelector('label').className = 'visually-hidden';
  return field;
}

/** The assignment control: a select of operators and "Asignar". Calls onAssigned(answer). */
function assignControl(ctx, ticket, operators, { onAssigned, compact = false }) {
  const alert = formAlert();
  const field = operatorField(ticket, operators, compact);
  const button = h('button', { type: 'submit', className: 'button button-secondary',
    disabled: !operators }, 'Asignar');
  const form = h('form', { className: compact ? 'assign-cell' : 'inline-form', novalidate: true,
    'aria-label': `Asignar el ticket ${ticketNumber(ticket.number)}` },
  field.root, button);
  const assign = (operatorId) => whileBusy(button, async () => {
    try {
      const answer = await api.post(`/api/tickets/${encodeURIComponent(ticket.id)}/assign`,
        { operator_id: operatorId }, { signal: ctx.signal });
      if (ctx.isCurrent()) await onAssigned(answer);
    } catch (error) {
      if (!isAbort(error)) showApiError(error, alert, { operator_id: field });
    }
  }, 'Asignando…');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { operator_id: field });
    const operatorId = field.input.value;
    if (!operatorId) {
      field.setError('Elige a quién asignar el ticket.');
      field.input.focus();
      return;
    }
    assign(operatorId);
  });
  return h('div', { className: 'assign' }, alert.root, form);
}

// --- the list -------------------------------------------------------------------------------

/**
 * The tickets: the whole row opens the thread (its number's link covers the row; a card on a
 * phone). Only a ticket nobody has yet carries its "Asignar" control here; reassigning is done
 * in the thread, so the list stays readable at 1366 px.
 */
function ticketsTable(ctx, items, { admin, operators, onAssigned }) {
  const assignee = (ticket) => (admin && ticket.status === 'open'
    ? assignControl(ctx, ticket, operators, { compact: true, onAssigned })
    : ticket.assignee_name || 'Sin asignar');
  return dataTable({
    caption: admin ? 'Tickets de los socios' : 'Tickets asignados a ti', captionHidden: true,
    className: 'tickets-table rows-are-links',
    rowClass: (ticket) => (ticket.unread ? 'is-unread' : ''),
    columns: [
      { key: 'number', label: 'N° de atención', phone: 'meta',
        render: (ticket) => ticketLink(BASE, ticket) },
      { key: 'subject', label: 'Asunto', phone: 'title', render: (ticket) => [ticket.subject,
        h('span', { className: 'ticket-member' }, ticket.member_name || '—')] },
      { key: 'category', label: 'Categoría',
        render: (ticket) => categoryLabel(ticket.category, ticket.category_label) },
      { key: 'status', label: 'Estado · espera', phone: 'status',
        render: (ticket) => [statusBadge(ticket), waitingCell(ticket)] },
      { key: 'assignee', label: 'Asignado a', render: assignee },
      { key: 'last_message_at', label: 'Última actividad',
        render: (ticket) => dateTime(ticket.last_message_at) },
    ],
    rows: items,
  });
}

/** «Espera», under the state (the table stays within a 1366 px laptop): how long the ticket
 * has waited for the staff, an overdue one saying «Vencido»; nothing when it waits for the
 * member or for no one. */
function waitingCell(ticket) {
  if (!ticket.waited_label) return null;
  return h('span', { className: ticket.overdue ? 'waiting is-overdue' : 'waiting' },
    `Espera: ${waitingText(ticket)}`);
}

/** What the unread mark means, shown when a ticket on the page carries one. */
function unreadLegend() {
  return h('p', { className: 'unread-legend' }, unreadMark(),
    h('span', {}, ' = el socio escribió algo que aún no has leído.'));
}

function statusChoices(admin) {
  return STATUSES.map(([value, label]) => ({ value,
    label: admin && value === 'open' ? 'Sin asignar (abiertos)' : label }));
}

function filtersForm({ admin, operators, initial, onChange }) {
  const status = selectField({ label: 'Estado', name: 'status', placeholder: 'Todos',
    options: statusChoices(admin), value: initial.status });
  const category = selectField({ label: 'Categoría', name: 'category', placeholder: 'Todas',
    options: CATEGORIES.map(([value, label]) => ({ value, label })), value: initial.category });
  const assignee = admin ? selectField({ label: 'Asignado a', name: 'assignee',
    placeholder: operators ? 'Todos' : STAFF_ERROR, value: initial.assignee,
    options: (operators || []).map((user) => ({ value: user.id, label: user.name })) }) : null;
  if (assignee && !operators) assignee.input.disabled = true;
  const waiting = selectField({ label: 'Espera', name: 'waiting', placeholder: 'Cualquiera',
    options: WAITING_CHOICES.map(([value, , label]) => ({ value, label })),
    value: initial.waiting });
  const read = () => ({ status: status.input.value, category: category.input.value,
    assignee: assignee ? assignee.input.value : '', waiting: waiting.input.value });
  const form = h('form', { className: 'card ticket-filters', role: 'search',
    'aria-label': 'Filtrar tickets' }, status.root, category.root, waiting.root,
  assignee ? assignee.root : null);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => onChange(read()));
  return form;
}

function emptyTicketsText(filters, admin) {
  if (admin && filters.status === 'open' && !filters.category && !filters.assignee) {
    return 'No hay tickets sin asignar: todos tienen un responsable.';
  }
  if (filters.status || filters.category || filters.assignee || filters.waiting) {
    return 'No hay tickets con estos filtros.';
  }
  return admin ? 'Aún no hay tickets de los socios.' : 'Aún no tienes tickets asignados.';
}

/** Focus the ticket link at `index` (the first of a page just loaded with "Cargar más"). */
function focusTicketLink(results, index) {
  const links = results.querySelectorAll('.ticket-number a');
  if (links[index]) links[index].focus();
}

/**
 * Says which ticket was just assigned and to whom, with its link: in the "Sin asignar" view the
 * row leaves the list, so without this the ticket would vanish without a word.
 */
function assignedNotice(answer) {
  return notice('success', h('p', {},
    `Ticket ${ticketNumber(answer.number)} asignado a ${answer.assignee_name}. `,
    h('a', { href: `${BASE}?ticket=${encodeURIComponent(answer.id)}` },
      `Ver el ticket ${ticketNumber(answer.number)}`)));
}

// The list is drawn again after an assignment, which removes the "Asignar" button that had the
// keyboard focus: the focus goes to the ticket's link, or to the notice's link when the ticket
// left this view, instead of being lost to <body>.
function keepFocusAfterRedraw(ctx, results, feedback, ticket) {
  if (ctx.container.contains(document.activeElement)) return;
  const href = `${BASE}?ticket=${encodeURIComponent(ticket.id)}`;
  const link = [...results.querySelectorAll('.ticket-number a')]
    .find((a) => a.getAttribute('href') === href) || feedback.querySelector('a');
  if (link) link.focus();
}

/** `?asignado=` counts only for an admin and an operator the list can name. */
function knownAssignee(filters, operators) {
  const known = (operators || []).some((user) => user.id === filters.assignee);
  return known ? filters : { ...filters, assignee: '' };
}

function listSubtitle(admin) {
  return admin ? 'Los tickets de los socios: primero los que aún no tienen responsable'
    : 'Tickets asignados a ti';
}

async function listScreen(ctx) {
  const admin = isAdmin(ctx.session);
  const urlOptions = { defaultStatus: admin ? 'open' : '' };
  ctx.container.append(pageHeader({ title: 'Administración de Mensajes',
    subtitle: listSubtitle(admin) }));
  const body = h('div', { className: 'tickets-body' }, skeleton({ cards: 0, lines: 4 }));
  ctx.container.append(body);

  const operators = admin ? await loadOperators(ctx) : null;
  if (!ctx.isCurrent()) return;
  let filters = knownAssignee(filtersFromQuery(ctx.query, urlOptions), operators);
  const feedback = h('div', { className: 'assign-feedback' });
  const legend = h('div', {});
  const results = h('div', { className: 'tickets-body' });
  const onAssigned = async (answer) => {
    replaceChildren(feedback, assignedNotice(answer));
    await list.reload();
    if (ctx.isCurrent()) keepFocusAfterRedraw(ctx, results, feedback, answer);
  };
  const list = pagedList({
    ctx, keepRows: true,
    fetchPage: (cursor, signal) => api.get('/api/tickets',
      { query: listQuery({ ...filters, cursor }), signal }),
    drawItems: (items) => {
      replaceChildren(legend, items.some((ticket) => ticket.unread) ? unreadLegend() : null);
      return items.length ? ticketsTable(ctx, items, { admin, operators, onAssigned })
        : emptyState({ title: 'Sin tickets', text: emptyTicketsText(filters, admin) });
    },
    onMore: (firstNew) => focusTicketLink(results, firstNew),
  });
  results.append(...list.nodes);

  replaceChildren(body,
    filtersForm({ admin, operators, initial: filters, onChange: (next) => {
      filters = next;
      feedback.replaceChildren();
      rewriteUrl(`${BASE}${filtersSearch(filters, urlOptions)}`);
      list.reload();
    } }),
    admin && !operators ? notice('warning', h('p', {}, `${STAFF_ERROR} La asignación no está disponible por ahora.`)) : null,
    admin ? null : sharedQueueSection(ctx, 'ticket'),
    feedback, legend, results);
  await list.reload();
}

// --- the thread -----------------------------------------------------------------------------

function statusControl(ctx, ticket, onChanged) {
  const options = statusOptions(ticket.allowed_statuses);
  if (options.length === 0) return null;
  const alert = formAlert();
  const field = selectField({ label: 'Cambiar estado', name: 'status', options,
    placeholder: 'Elige el nuevo estado',
    hint: `Estado actual: ${statusLabel(ticket.status, ticket.status_label)}.` });
  const button = h('button', { type: 'submit', className: 'button button-secondary' },
    'Actualizar estado');
  const form = h('form', { className: 'inline-form', novalidate: true,
    'aria-label': 'Estado del ticket' }, field.root, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { status: field });
    const next = field.input.value;
    if (!next) {
      field.setError('Elige el nuevo estado.');
      field.input.focus();
      return;
    }
    whileBusy(button, async () => {
      if (needsConfirmation(next)) {
        const ok = await confirmDialog({ title: 'Cerrar ticket',
          text: `El ticket ${ticketNumber(ticket.number)} quedará cerrado y nadie podrá ` +
            'responder en él. ¿Deseas cerrarlo?', confirmLabel: 'Cerrar ticket', danger: true });
        if (!ok) return;
      }
      try {
        const answer = await api.post(`/api/tickets/${encodeURIComponent(ticket.id)}/status`,
          { status: next }, { signal: ctx.signal });
        if (ctx.isCurrent()) await onChanged(answer);
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, { status: field });
      }
    }, 'Actualizando…');
  });
  return h('div', {}, alert.root, form);
}

async function threadScreen(ctx, ticketId) {
  const admin = isAdmin(ctx.session);
  const header = pageHeader({ title: 'Administración de Mensajes' });
  const status = h('div', { className: 'visually-hidden', role: 'status' });
  const body = h('div', { className: 'ticket-view' }, skeleton({ cards: 0, lines: 5 }));
  ctx.container.append(header, backLink(), status, body);
  let operators = null;
  const products = memberProductsSection(ctx, 'ticket', ticketId); // kept across redraws

  // After a change the thread is drawn again, which removes the control that had the focus:
  // the focus goes to the ticket's data (its new state) or to the new message, not to <body>.
  const draw = (ticket, { focusLast = false, focusSummary = false } = {}) => {
    header.querySelector('.page-title').textContent = threadTitle(ticket);
    ctx.setTitle(`${ticketNumber(ticket.number)} · Administración de Mensajes`);
    const changeStatus = statusControl(ctx, ticket, async (answer) => {
      status.textContent = `El ticket quedó ${statusLabel(answer.status, answer.status_label).toLowerCase()}.`;
      await reload({ focusSummary: true });
    });
    const assign = admin && ASSIGNABLE.has(ticket.status)
      ? assignControl(ctx, ticket, operators, { onAssigned: async (answer) => {
        status.textContent = `Ticket asignado a ${answer.assignee_name}.`;
        await reload({ focusSummary: true });
      } })
      : null;
    replaceChildren(body,
      h('section', { className: 'card ticket-summary', 'aria-label': 'Datos del ticket' },
        ticketFacts(ticket, { staff: true }),
        changeStatus || assign ? h('div', { className: 'staff-actions' }, changeStatus, assign) : null),
      products,
      h('section', { className: 'ticket-thread', 'aria-label': 'Conversación' },
        messageThread(ticket.messages)),
      ticket.can_reply
        ? h('section', { className: 'card' }, replyForm({ ticketId, signal: ctx.signal,
          label: 'Responder al socio',
          onSent: async () => {
            status.textContent = 'Tu respuesta fue enviada al socio.';
            await reload({ focusLast: true });
          } }))
        : closedNotice(true));
    if (focusSummary) {
      const summary = body.querySelector('.ticket-summary');
      summary.setAttribute('tabindex', '-1');
      summary.focus();
    }
    if (focusLast) focusLastMessage(body);
  };

  const reload = threadLoader({ ctx, ticketId, body, draw,
    notFoundText: 'El ticket no existe o no está asignado a ti.', listHref: BASE,
    listLabel: 'Ver los tickets' });
  if (admin) operators = await loadOperators(ctx);
  if (!ctx.isCurrent()) return;
  await reload();
}

export async function render(ctx) {
  const ticketId = ticketIdFrom(ctx.query);
  if (ticketId) return threadScreen(ctx, ticketId);
  if (ctx.query.has('ticket')) {
    ctx.container.append(pageHeader({ title: 'Administración de Mensajes' }), backLink(),
      emptyState({ title: 'Ticket no encontrado', text: 'El enlace del ticket no es válido.' }));
    return undefined;
  }
  return listScreen(ctx);
}
