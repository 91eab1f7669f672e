// The parts the member's Buzón (views/buzon.js) and the staff's Administración de Mensajes
// (views/mensajes.js) share, next to the buzón's rules (tickets.js): state badge, unread mark,
// the text box with the live counter, the ticket's summary, the thread as bubbles and the reply
// box. Message text goes in only as text nodes (dom.js), so "<script>" in a message is shown,
// never run; line breaks are kept by CSS (white-space: pre-wrap).

import './styles/buzon.css';

import { api, isAbort } from './api.js';
import { emptyState, errorState, notice } from './components.js';
import { h, replaceChildren } from './dom.js';
import { clearErrors, formAlert, showApiError, textareaField, whileBusy } from './forms.js';
import { RESTORED_NOTE, draftKey, keepDraft } from './drafts.js';
import { dateTime } from './format.js';
import { getSession } from './session.js';
import {
  BODY_MAX, categoryLabel, cleanText, counter, isStaffRole, roleLabel, statusLabel, statusTone,
  ticketNumber, validateReply,
} from './tickets.js';

/** The state as a coloured badge ("En atención"). */
export function statusBadge(ticket) {
  return h('span', { className: `ticket-status status-badge status-badge-${statusTone(ticket.status)}` },
    statusLabel(ticket.status, ticket.status_label));
}

/** The unread dot: a new message from the other side ("Nuevo mensaje" for screen readers). */
export function unreadMark() {
  return h('span', { className: 'unread-mark', role: 'img', 'aria-label': 'Nuevo mensaje',
    title: 'Nuevo mensaje' },
  h('span', { className: 'unread-dot', 'aria-hidden': 'true' }),
  h('span', { className: 'unread-text', 'aria-hidden': 'true' }, 'Nuevo'));
}

/**
 * A ticket's text box: a textarea with the live counter "0/5000" under it (as the server counts:
 * cleaned text). The counter turns amber near the limit and red past it; screen readers hear it
 * politely.
 */
export function countedTextarea({ label, name, max = BODY_MAX, rows = 5, hint = null }) {
  return textareaField({ label, name, rows, hint, className: 'ticket-textarea',
    counter: (value) => counter(value, max) });
}

/** A definition list of the ticket's facts (category, state, member, assignee, dates). */
export function ticketFacts(ticket, { staff = false } = {}) {
  const facts = [
    ['Categoría', categoryLabel(ticket.category, ticket.category_label)],
    ['Estado', statusBadge(ticket)],
    staff ? ['Socio', ticket.member_name || '—'] : null,
    ['Atendido por', ticket.assignee_name || (staff ? 'Sin asignar' : 'Por asignar')],
    ['Creado', dateTime(ticket.created_at)],
    ['Última actividad', dateTime(ticket.last_message_at)],
  ].filter(Boolean);
  return h('dl', { className: 'ticket-facts' },
    facts.map(([term, detail]) => h('div', { className: 'ticket-fact' },
      h('dt', {}, term), h('dd', {}, detail))));
}

/** The thread: one bubble per message (author, role, Lima time, the text as written). */
export function messageThread(messages) {
  if (!messages || messages.length === 0) return emptyState({ text: 'Aún no hay mensajes.' });
  return h('ol', { className: 'thread', 'aria-label': 'Mensajes del ticket' },
    messages.map((message) => {
      const side = isStaffRole(message.author_role) ? 'staff' : 'member';
      return h('li', { className: `bubble bubble-${side}${message.mine ? ' bubble-mine' : ''}`,
        dataset: { messageId: message.id || '' } },
      h('p', { className: 'bubble-meta' },
        h('span', { className: 'bubble-author' }, message.author_name || '—'),
        h('span', { className: 'bubble-role' }, message.mine ? `${roleLabel(message.author_role)} · Tú`
          : roleLabel(message.author_role)),
        h('time', { className: 'bubble-time', datetime: message.created_at || '' },
          dateTime(message.created_at))),
      h('p', { className: 'bubble-body' }, message.body));
    }));
}

/**
 * The reply box: a textarea with its counter and "Enviar respuesta". Checks as the server does,
 * posts `{body}` and calls `onSent(answer)`; API errors go under the textarea or in the alert.
 */
export function replyForm({ ticketId, signal, onSent, label = 'Tu respuesta' }) {
  const alert = formAlert();
  const body = countedTextarea({ label, name: 'body', rows: 4 });
  const button = h('button', { type: 'submit', className: 'button' }, 'Enviar respuesta');
  const form = h('form', { className: 'form reply-form', novalidate: true,
    'aria-label': 'Responder' }, alert.root, body.root, h('div', { className: 'form-actions' }, button));
  const draft = keepDraft({ form, key: replyDraftKey(ticketId), fields: { body: body.input } });
  if (draft.restored) {
    body.refresh();
    form.prepend(notice('info', h('p', {}, RESTORED_NOTE)));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { body });
    const problems = validateReply(body.input.value);
    if (problems.body) {
      body.setError(problems.body);
      body.input.focus();
      return;
    }
    whileBusy(button, async () => {
      try {
        const answer = await api.post(`/api/tickets/${encodeURIComponent(ticketId)}/messages`,
          { body: cleanText(body.input.value) }, { signal });
        draft.discard();
        body.input.value = '';
        body.refresh();
        await onSent(answer);
      } catch (error) {
        if (error && error.name === 'AbortError') return;
        showApiError(error, alert, { body });
      }
    }, 'Enviando…');
  });
  return form;
}

/** The reply kept for an expired session: this user's, this ticket's (member or staff). */
function replyDraftKey(ticketId) {
  const session = getSession();
  return session && session.user ? draftKey(session.user.id, 'ticket-reply', ticketId) : null;
}

/** The notice for a closed ticket, instead of the reply box. */
export function closedNotice(staff) {
  return notice('info', h('p', {}, staff
    ? 'Este ticket está cerrado: ya no admite respuestas.'
    : 'Este ticket está cerrado. Si necesitas ayuda, crea un ticket nuevo.'));
}

/** The link to a ticket in a list, with its number and the unread dot. */
export function ticketLink(basePath, ticket) {
  return h('span', { className: 'ticket-number' },
    h('a', { href: `${basePath}?ticket=${encodeURIComponent(ticket.id)}` },
      ticketNumber(ticket.number)),
    ticket.unread ? unreadMark() : null);
}

/** The page's heading line for a thread: "N° 42 · Asunto". */
export function threadTitle(ticket) {
  return `${ticketNumber(ticket.number)} · ${ticket.subject}`;
}

/** Focus the newest message of the thread (after a reply), so it is read out next. */
export function focusLastMessage(container) {
  const bubbles = container.querySelectorAll('.bubble');
  const last = bubbles[bubbles.length - 1];
  if (!last) return;
  last.setAttribute('tabindex', '-1');
  last.focus();
}

/**
 * The thread screen's loader: GET the ticket and hand it to `draw(ticket, options)`; a 404 shows
 * `notFoundText` with a link back to the list, any other error a retry. Returns `reload(options)`.
 */
export function threadLoader({ ctx, ticketId, body, draw, notFoundText, listHref, listLabel }) {
  const reload = async (options = {}) => {
    try {
      const ticket = await api.get(`/api/tickets/${encodeURIComponent(ticketId)}`,
        { signal: ctx.signal });
      if (ctx.isCurrent()) draw(ticket, options);
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      if (error.status === 404) {
        replaceChildren(body, emptyState({ title: 'Ticket no encontrado', text: notFoundText,
          action: h('a', { href: listHref }, listLabel) }));
      } else {
        replaceChildren(body, errorState({ message: error.message, onRetry: () => reload() }));
      }
    }
  };
  return reload;
}
