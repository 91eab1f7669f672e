// The buzón's rules on the browser side (manual 2.4.10, docs/design/API.md "tickets"): categories and states
// with their Spanish labels and badge tones, the text limits and the same cleaning the server
// applies before it counts (domain/tickets/tickets.py `clean_text`), so the counter and the client-side
// checks agree with the 400s the API would answer. Pure functions: no DOM (unit-tested).

// The limits, categories and states are the server's (domain/tickets/tickets.py), generated into the site.
import {
  TICKET_BODY_MAX, TICKET_CATEGORIES, TICKET_STATUSES, TICKET_SUBJECT_MAX,
} from './generated/server-constants.js';

export const SUBJECT_MAX = TICKET_SUBJECT_MAX;
export const BODY_MAX = TICKET_BODY_MAX;

/** The categories, in the server's order, with its Spanish labels: [[value, label]]. */
export const CATEGORIES = TICKET_CATEGORIES;

/** The states in their order, with the server's labels: [[value, label]]. */
export const STATUSES = TICKET_STATUSES;

const STATUS_TONES = Object.freeze({
  open: 'info',
  assigned: 'neutral',
  in_progress: 'warning',
  resolved: 'success',
  closed: 'closed',
});

const ROLE_LABELS = Object.freeze({
  member: 'Socio',
  operator: 'Operador',
  admin: 'Administrador',
  super_admin: 'Administrador',
});

const lookup = (pairs, value) => (pairs.find(([key]) => key === value) || [])[1];

/** "plazo_fijo" → "Depósitos a plazo fijo"; the API's label wins when it sends one. */
export function categoryLabel(category, apiLabel = null) {
  return apiLabel || lookup(CATEGORIES, category) || 'Otros';
}

/** "in_progress" → "En atención"; the API's label wins when it sends one. */
export function statusLabel(status, apiLabel = null) {
  return apiLabel || lookup(STATUSES, status) || String(status || '—');
}

/** The badge colour of a state: info (blue), neutral, warning (amber), success, closed (grey). */
export function statusTone(status) {
  return STATUS_TONES[status] || 'neutral';
}

/** Who wrote a message, for its bubble: "Socio", "Operador", "Administrador". */
export function roleLabel(role) {
  return ROLE_LABELS[role] || 'Cooperativa';
}

/** True for the staff side of a thread. */
export function isStaffRole(role) {
  return role === 'operator' || role === 'admin' || role === 'super_admin';
}

const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Unicode category Cc: C0 controls, DEL and the C1 controls (compared by code point, since a
// regular expression of control characters reads as a mistake to the linter).
function isControlCharacter(ch) {
  const code = ch.codePointAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * The text as the server stores it: NFC, CR/CRLF → LF, control characters dropped (a subject's
 * tab or line break becomes a space; a body keeps them), direction overrides dropped, trimmed.
 */
export function cleanText(value, { multiline = true } = {}) {
  const text = String(value ?? '').normalize('NFC').replace(/\r\n?/g, '\n');
  let out = '';
  for (const ch of text) {
    if (!isControlCharacter(ch)) out += ch;
    else if (ch === '\n' || ch === '\t') out += multiline ? ch : ' ';
  }
  return out.replace(BIDI_CONTROLS, '').replace(/^\s+|\s+$/gu, '');
}

/** Characters as the server counts them (code points of the cleaned text, like Python's len). */
export function textLength(value, { multiline = true } = {}) {
  return [...cleanText(value, { multiline })].length;
}

/** "5,000": the limits as the server's messages write them. */
export function thousands(value) {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The live counter under a textarea: { text: "120/5000", state: 'ok'|'near'|'over', label }.
 * `near` from 90% of the limit; `label` is the sentence a screen reader hears.
 */
export function counter(value, max = BODY_MAX, { multiline = true } = {}) {
  const used = textLength(value, { multiline });
  const state = used > max ? 'over' : used >= Math.floor(max * 0.9) ? 'near' : 'ok';
  const label = used > max
    ? `Te pasaste por ${thousands(used - max)} caracteres del máximo de ${thousands(max)}.`
    : `${thousands(used)} de ${thousands(max)} caracteres.`;
  return { used, max, text: `${used}/${max}`, state, label };
}

function textProblem(value, max, multiline) {
  if (value === null || value === undefined) return 'Este campo es obligatorio.';
  const length = textLength(value, { multiline });
  if (length === 0) return 'Este campo es obligatorio.';
  if (length > max) return `Máximo ${thousands(max)} caracteres.`;
  return null;
}

/**
 * The new-ticket form's checks, with the server's messages: { field: message } (empty = valid).
 */
export function validateNewTicket({ subject, category, message }) {
  const problems = {};
  const subjectProblem = textProblem(subject, SUBJECT_MAX, false);
  if (subjectProblem) problems.subject = subjectProblem;
  if (!lookup(CATEGORIES, category)) problems.category = 'Elige una categoría de la lista.';
  const messageProblem = textProblem(message, BODY_MAX, true);
  if (messageProblem) problems.message = messageProblem;
  return problems;
}

/** A reply's check: { body: message } or {}. */
export function validateReply(body) {
  const problem = textProblem(body, BODY_MAX, true);
  return problem ? { body: problem } : {};
}

/** The body the API gets: the cleaned text (what the server would store anyway). */
export function newTicketBody({ subject, category, message }) {
  return {
    subject: cleanText(subject, { multiline: false }),
    category,
    message: cleanText(message, { multiline: true }),
  };
}

const TICKET_ID = /^[0-9a-f]{32}$/;

/** The ticket id of a deep link (`?ticket=`), or null when it cannot be one. */
export function ticketIdFrom(query) {
  const value = query && typeof query.get === 'function' ? query.get('ticket') : null;
  return value && TICKET_ID.test(value) ? value : null;
}

/** "N° 42". */
export function ticketNumber(number) {
  return `N° ${number}`;
}

/** The staff's "Cambiar estado" options: only `allowed_statuses`, in the states' order. */
export function statusOptions(allowed) {
  const set = new Set(allowed || []);
  return STATUSES.filter(([value]) => set.has(value)).map(([value, label]) => ({ value, label }));
}

/** Moves that ask first (closing is final: nobody writes on a closed ticket). */
export function needsConfirmation(status) {
  return status === 'closed';
}

/** The list's filters as API query parameters (empty ones left out). */
export function listQuery({ status = '', category = '', assignee = '', waiting = '',
  cursor = null, limit = 20 } = {}) {
  const given = Object.entries({ status, waiting, category, assignee, cursor })
    .filter(([, value]) => value);
  return { limit, ...Object.fromEntries(given) };
}

/** The staff list's "every state" value in its URL (`?estado=todos`). */
export const ALL_STATUSES = 'todos';

const isKnown = (pairs, value) => pairs.some(([key]) => key === value);
const USER_ID = /^[\w-]{1,64}$/;

/**
 * The staff list's filters from its URL (`?estado=&categoria=&asignado=`), so a link, a reload
 * or Back keeps them. No `estado` is the screen's own default (the admin's: `open`, the tickets
 * nobody has yet); `estado=todos` asks for every state; unknown values count as absent.
 */
export function filtersFromQuery(query, { defaultStatus = '' } = {}) {
  const status = query.get('estado');
  const category = query.get('categoria');
  const assignee = query.get('asignado') || '';
  return {
    status: status === ALL_STATUSES ? '' : (isKnown(STATUSES, status) ? status : defaultStatus),
    category: isKnown(CATEGORIES, category) ? category : '',
    assignee: USER_ID.test(assignee) ? assignee : '',
    waiting: waitingFromQuery(query),
  };
}

/** The waiting-time choices of the staff lists (`?espera=`): [[API value, URL value, label]]. */
export const WAITING_CHOICES = Object.freeze([
  ['4', '4', 'Más de 4 horas'],
  ['24', '24', 'Más de 24 horas'],
  ['overdue', 'vencidos', 'Vencidos'],
]);

/** `?espera=vencidos` → 'overdue', `?espera=24` → '24'; anything else: no filter. */
export function waitingFromQuery(query) {
  const value = query.get('espera');
  const choice = WAITING_CHOICES.find(([, url]) => url === value);
  return choice ? choice[0] : '';
}

function waitingForUrl(waiting) {
  const choice = WAITING_CHOICES.find(([api]) => api === waiting);
  return choice ? choice[1] : '';
}

/** The URL search of `filters` (the inverse of filtersFromQuery): "" for the default view. */
export function filtersSearch(filters, { defaultStatus = '' } = {}) {
  const params = new URLSearchParams();
  if ((filters.status || '') !== defaultStatus) params.set('estado', filters.status || ALL_STATUSES);
  if (filters.category) params.set('categoria', filters.category);
  if (filters.assignee) params.set('asignado', filters.assignee);
  if (waitingForUrl(filters.waiting)) params.set('espera', waitingForUrl(filters.waiting));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * What Inicio and the menu say about answers the member has not read yet: null when none,
 * else "Tienes una respuesta nueva en el Buzón." / "Tienes respuestas nuevas en 3 tickets del Buzón."
 */
export function newRepliesText(tickets) {
  const unread = (tickets || []).filter((ticket) => ticket && ticket.unread).length;
  if (!unread) return null;
  return unread === 1 ? 'Tienes una respuesta nueva en el Buzón.'
    : `Tienes respuestas nuevas en ${unread} tickets del Buzón.`;
}

/** A list row's «Espera»: "5 h", "2 d · Vencido" (the mark is text, not only colour), or "—". */
export function waitingText(row) {
  if (!row || !row.waited_label) return '—';
  return row.overdue ? `${row.waited_label} · Vencido` : row.waited_label;
}
