// Administración de Mensajes (manual 2.3, 2.4.10 on the staff side).
//
//   /mensajes              operators: the tickets assigned to them; admins: every ticket, with
//                          filters (estado, categoría, asignado) and an "Asignar" control per row
//   /mensajes?ticket=<id>  the thread (deep link of the e-mails): reply box, "Cambiar estado"
//                          limited to the API's `allowed_statuses` (closing asks first) and, for
//                          admins, the assignment
//
// The people a ticket can be given to come from GET /api/admin/users?role=operator (docs/design/API.md
// "admin"); when that list cannot be read the assignment control says so and stays disabled.

import { api, isAbort } from '../api.js';
import {
  confirmDialog, emptyState, notice, pageHeader, skeleton,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { clearErrors, formAlert, selectField, showApiError, whileBusy } from '../forms.js';
import { dateTime } from '../format.js';
import { activeOperators } from '../operators.js';
import { pagedList } from '../paged-list.js';
import { isAdmin } from '../session.js';
import {
  CATEGORIES, STATUSES, categoryLabel, listQuery, needsConfirmation, statusLabel, statusOptions,
  ticketIdFrom, ticketNumber,
} from '../tickets.js';
import {
  closedNotice, focusLastMessage, messageThread, replyForm, statusBadge, threadLoader, threadTitle,
  ticketFacts, ticketLink,
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

function ticketsTable(ctx, items, { admin, operators, onAssigned }) {
  const columns = ['N° de atención', 'Asunto', 'Categoría', 'Estado', 'Asignado a',
    'Última actividad'];
  const assignee = (ticket) => (admin && ASSIGNABLE.has(ticket.status)
    ? assignControl(ctx, ticket, operators, { compact: true, onAssigned })
    : ticket.assignee_name || 'Sin asignar');
  return h('div', { className: 'table-wrap', role: 'region', tabindex: '0',
    'aria-label': 'Tickets' },
  h('table', { className: 'table tickets-table' },
    h('caption', { className: 'visually-hidden' }, admin ? 'Todos los tickets' : 'Tickets asignados a ti'),
    h('thead', {}, h('tr', {}, columns.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, items.map((ticket) => h('tr', { className: ticket.unread ? 'is-unread' : '',
      dataset: { ticketId: ticket.id } },
    h('td', {}, ticketLink(BASE, ticket)),
    h('td', { className: 'ticket-subject' }, ticket.subject,
      h('span', { className: 'ticket-member' }, ticket.member_name || '—')),
    h('td', {}, categoryLabel(ticket.category, ticket.category_label)),
    h('td', {}, statusBadge(ticket)),
    h('td', { className: 'ticket-assignee' }, assignee(ticket)),
    h('td', { className: 'nowrap' }, dateTime(ticket.last_message_at)))))));
}

function filtersForm({ admin, operators, onChange }) {
  const status = selectField({ label: 'Estado', name: 'status', placeholder: 'Todos',
    options: STATUSES.map(([value, label]) => ({ value, label })) });
  const category = selectField({ label: 'Categoría', name: 'category', placeholder: 'Todas',
    options: CATEGORIES.map(([value, label]) => ({ value, label })) });
  const assignee = admin ? selectField({ label: 'Asignado a', name: 'assignee',
    placeholder: operators ? 'Todos' : STAFF_ERROR,
    options: (operators || []).map((user) => ({ value: user.id, label: user.name })) }) : null;
  if (assignee && !operators) assignee.input.disabled = true;
  const read = () => ({ status: status.input.value, category: category.input.value,
    assignee: assignee ? assignee.input.value : '' });
  const form = h('form', { className: 'card ticket-filters', role: 'search',
    'aria-label': 'Filtrar tickets' }, status.root, category.root, assignee ? assignee.root : null);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => onChange(read()));
  return form;
}

function emptyTicketsText(filters, admin) {
  if (filters.status || filters.category || filters.assignee) return 'No hay tickets con estos filtros.';
  return admin ? 'Aún no hay tickets de los socios.' : 'Aún no tienes tickets asignados.';
}

/** Focus the ticket link at `index` (the first of a page just loaded with "Cargar más"). */
function focusTicketLink(results, index) {
  const links = results.querySelectorAll('.ticket-number a');
  if (links[index]) links[index].focus();
}

// The list is drawn again after an assignment, which removes the "Asignar" button that had the
// keyboard focus: the focus goes to the ticket's link (or to the title when the ticket left this
// page of the list) instead of being lost to <body>.
function keepFocusAfterRedraw(ctx, results, ticket) {
  if (ctx.container.contains(document.activeElement)) return;
  const href = `/mensajes?ticket=${encodeURIComponent(ticket.id)}`;
  const link = [...results.querySelectorAll('.ticket-number a')]
    .find((a) => a.getAttribute('href') === href);
  const target = link || ctx.container.querySelector('h1');
  if (!target) return;
  if (!link) target.setAttribute('tabindex', '-1');
  target.focus();
}

async function listScreen(ctx) {
  const admin = isAdmin(ctx.session);
  ctx.container.append(pageHeader({ title: 'Administración de Mensajes',
    subtitle: admin ? 'Todos los tickets de los socios' : 'Tickets asignados a ti' }));
  const status = h('div', { className: 'visually-hidden', role: 'status' });
  const body = h('div', { className: 'tickets-body' }, skeleton({ cards: 0, lines: 4 }));
  ctx.container.append(status, body);

  const operators = admin ? await loadOperators(ctx) : null;
  if (!ctx.isCurrent()) return;
  let filters = { status: '', category: '', assignee: '' };
  const results = h('div', { className: 'tickets-body' });
  const onAssigned = async (answer) => {
    status.textContent = `Ticket ${ticketNumber(answer.number)} asignado a ${answer.assignee_name}.`;
    await list.reload();
    if (ctx.isCurrent()) keepFocusAfterRedraw(ctx, results, answer);
  };
  const list = pagedList({
    ctx, keepRows: true,
    fetchPage: (cursor, signal) => api.get('/api/tickets',
      { query: listQuery({ ...filters, cursor }), signal }),
    drawItems: (items) => (items.length
      ? ticketsTable(ctx, items, { admin, operators, onAssigned })
      : emptyState({ title: 'Sin tickets', text: emptyTicketsText(filters, admin) })),
    onMore: (firstNew) => focusTicketLink(results, firstNew),
  });
  results.append(...list.nodes);

  replaceChildren(body,
    filtersForm({ admin, operators, onChange: (next) => {
      filters = next;
      list.reload();
    } }),
    admin && !operators ? notice('warning', h('p', {}, `${STAFF_ERROR} La asignación no está disponible por ahora.`)) : null,
    results);
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
