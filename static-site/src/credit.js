// Credit (manual 2.4.9 and the staff's "Solicitudes de Crédito"): the pure rules the screens
// share — application states with their Spanish labels and badge tones, payment methods, the
// simulator's client checks (the same the server makes against the product), amounts typed by a
// member, the schedule's totals (in cents, never floats) and the dashboard's figures.
// No DOM here: tested with `node --test` (tests/credit.test.js).

import { fromCents, money, parseTypedAmount, sumMoney, toCents } from './format.js';
import {
  CREDIT_NEEDS_OBSERVATION, CREDIT_OBSERVATION_MAX, CREDIT_STATUSES, CREDIT_STATUS_LABELS,
} from './generated/server-constants.js';

/** The workflow's states in the API's order (received → … → disbursed) and their labels: the
 * server's (domain/credit/applications.py), generated into the site. */
export const STATUSES = CREDIT_STATUSES;
export const STATUS_LABELS = CREDIT_STATUS_LABELS;

const STATUS_TONES = Object.freeze({
  received: 'info',
  assigned: 'info',
  in_review: 'neutral',
  observed: 'warning',
  approved: 'success',
  rejected: 'danger',
  disbursed: 'success',
});

/** States whose change needs an observation for the member (the server refuses without one). */
export const NEEDS_OBSERVATION = Object.freeze(new Set(CREDIT_NEEDS_OBSERVATION));
export const MAX_OBSERVATION = CREDIT_OBSERVATION_MAX;

/** The label of a state; the API's `status_label` wins when it sends one. */
export function statusLabel(status, apiLabel = null) {
  if (apiLabel) return String(apiLabel);
  return STATUS_LABELS[status] || String(status || '—');
}

/** The badge colour of a state: info, neutral, warning, success or danger. */
export function statusTone(status) {
  return STATUS_TONES[status] || 'neutral';
}

/** The words on the button that moves an application to `status` ("Pasar a En evaluación"). */
export function moveLabel(status) {
  const verbs = { in_review: 'Pasar a evaluación', observed: 'Observar', approved: 'Aprobar',
    rejected: 'Rechazar', disbursed: 'Marcar como desembolsada' };
  return verbs[status] || `Pasar a ${statusLabel(status).toLowerCase()}`;
}

export function needsObservation(status) {
  return NEEDS_OBSERVATION.has(status);
}

/** Check a status change before sending it; returns {field: message} (empty when fine). */
export function validateStatusChange({ status, observation }, allowed = []) {
  const errors = {};
  if (!status) errors.status = 'Elige el nuevo estado.';
  else if (allowed.length && !allowed.includes(status)) {
    errors.status = 'Ese cambio de estado no está permitido ahora.';
  }
  const text = String(observation || '').trim();
  if (status && needsObservation(status) && !text) {
    errors.observation = 'Escribe la observación para el socio.';
  } else if (text.length > MAX_OBSERVATION) {
    errors.observation = `La observación admite como máximo ${MAX_OBSERVATION} caracteres.`;
  }
  return errors;
}

/** Check an observation noted without a move; returns {observation: message} or {}. */
export function validateObservation(observation) {
  const text = String(observation || '').trim();
  if (!text) return { observation: 'Escribe la observación.' };
  if (text.length > MAX_OBSERVATION) {
    return { observation: `La observación admite como máximo ${MAX_OBSERVATION} caracteres.` };
  }
  return {};
}

/** What a history line says: "Solicitud recibida", "Recibida: a Óscar", "Reasignada a Óscar",
 * "Observación registrada" (a note without a move), "En evaluación → Aprobada". */
export function historyLineText(entry) {
  const to = statusLabel(entry.to);
  if (!entry.from) return `Solicitud ${to.toLowerCase()}`;
  if (entry.assignee && entry.from === entry.to) return `Reasignada a ${entry.assignee.name}`;
  if (entry.assignee) return `${to}: a ${entry.assignee.name}`;
  if (entry.from === entry.to) return 'Observación registrada';
  return `${statusLabel(entry.from)} → ${to}`;
}

const PLAIN_EMAIL = /^[^\s@:/?#]+@[^\s@:/?#]+\.[^\s@:/?#]+$/;

/** "mailto:rosa@correo.pe" for a plain e-mail address; null for anything else (never a link
 * built from an odd value). */
export function mailtoHref(email) {
  const text = String(email || '').trim();
  return PLAIN_EMAIL.test(text) ? `mailto:${text}` : null;
}

export const PAYMENT_METHOD_LABELS = Object.freeze({ planilla: 'Planilla', ventanilla: 'Ventanilla' });

export function paymentMethodLabel(method) {
  return PAYMENT_METHOD_LABELS[method] || String(method || '—');
}

/** "N° 12": how an application's number is shown. */
export function applicationNumber(number) {
  return `N° ${number ?? '—'}`;
}

/** Application ids are 32 hex characters (the e-mails' `?solicitud=` links). */
export function applicationIdFrom(query) {
  const value = query && typeof query.get === 'function' ? query.get('solicitud') : null;
  return value && /^[0-9a-f]{32}$/.test(value) ? value : null;
}

/**
 * The totals row of an amortization table: {principal, interest, insurance, total}.
 * The API's own totals (`total_principal`...) win when it sends them; else the rows are summed.
 */
export function scheduleTotals(simulation) {
  const rows = (simulation && Array.isArray(simulation.schedule)) ? simulation.schedule : [];
  const sum = (key) => sumMoney(rows.map((row) => row[key]));
  const pick = (apiKey, rowKey) => (simulation && toCents(simulation[apiKey]) !== null
    ? fromCents(toCents(simulation[apiKey])) : sum(rowKey));
  return {
    principal: pick('total_principal', 'principal'),
    interest: pick('total_interest', 'interest'),
    insurance: pick('total_insurance', 'insurance'),
    total: pick('total_payable', 'total'),
  };
}

// --- the simulator's inputs ------------------------------------------------------------------

const AMOUNT_PROBLEMS = {
  empty: 'Ingresa el monto del crédito.',
  not_a_number: 'Ingresa un monto válido (solo números).',
  too_many_decimals: 'El monto admite como máximo 2 decimales.',
};

/**
 * What a member typed as an amount, as the API's money string: "10,000" → "10000.00",
 * "S/ 2 500.5" → "2500.50". Returns {amount} or {error}.
 */
export function parseAmount(text) {
  const typed = parseTypedAmount(text);
  if (typed.problem) return { error: AMOUNT_PROBLEMS[typed.problem] };
  if (typed.cents <= 0n) return { error: 'El monto debe ser mayor que cero.' };
  return { amount: fromCents(typed.cents) };
}

/** The amount's error: not a positive amount, or outside the product's range; null when fine. */
function amountError(product, parsed) {
  if (parsed.error) return parsed.error;
  if (!product) return null;
  const cents = toCents(parsed.amount);
  const min = toCents(product.min_amount);
  const max = toCents(product.max_amount);
  if ((min !== null && cents < min) || (max !== null && cents > max)) {
    return `El monto debe estar entre ${money(product.min_amount)} y ${money(product.max_amount)}.`;
  }
  return null;
}

/** The term's error: none chosen, or not one of the product's terms; null when fine. */
function termError(product, term) {
  const terms = (product.terms_months || []).map(Number);
  if (term && terms.includes(Number(term))) return null;
  return term ? `Plazos disponibles para este crédito (meses): ${terms.join(', ')}.`
    : 'Elige el plazo en meses.';
}

/** The payment method's error: none chosen, or not one the product offers; null when fine. */
function methodError(product, method) {
  if ((product.payment_methods || []).includes(method)) return null;
  return method ? 'Esta forma de pago no está disponible para este crédito.'
    : 'Elige la forma de pago.';
}

/**
 * The simulator's checks, as the server makes them against the product (credit_products.py):
 * a product chosen, the amount within [min_amount, max_amount], a term of the product's list and
 * one of its payment methods. Returns {errors: {api_field: message}, payload}.
 */
export function validateSimulation(product, { amount, term, method }) {
  const parsed = parseAmount(amount);
  const found = {
    product_code: product ? null : 'Elige un tipo de crédito de la lista.',
    amount: amountError(product, parsed),
    term_months: product ? termError(product, term) : null,
    payment_method: product ? methodError(product, method) : null,
  };
  const errors = Object.fromEntries(Object.entries(found).filter(([, message]) => message));
  const ok = Object.keys(errors).length === 0;
  return {
    errors,
    payload: ok ? { product_code: product.code, amount: parsed.amount, term_months: Number(term),
      payment_method: method } : null,
  };
}

// --- the staff dashboard ---------------------------------------------------------------------

/**
 * The figures of GET /api/credit/stats for one scope (`all` or `mine`):
 * [{status, label, count}] in the API's order, plus total, decided and the average days.
 */
export function statsFigures(stats, scope = 'all') {
  const figures = (stats && stats[scope]) || {};
  const byStatus = figures.by_status || {};
  const statuses = (stats && Array.isArray(stats.statuses) && stats.statuses.length)
    ? stats.statuses : STATUSES.map((status) => ({ status, label: STATUS_LABELS[status] }));
  return {
    rows: statuses.map(({ status, label }) => ({ status, label: statusLabel(status, label),
      count: Number(byStatus[status] || 0) })),
    total: Number(figures.total || 0),
    decided: Number(figures.decided || 0),
    averageDays: figures.average_days_to_decision ?? null,
  };
}

/** "3.5 días", "1 día", "—" (no decision yet). */
export function daysText(days) {
  if (days === null || days === undefined || Number.isNaN(Number(days))) return '—';
  const value = Number(days);
  const text = value.toLocaleString('es-PE', { minimumFractionDigits: 0, maximumFractionDigits: 1 });
  return `${text} ${value === 1 ? 'día' : 'días'}`;
}

/** Applications still waiting for staff work (received, assigned, in review, observed). */
export function openCount(rows) {
  const open = new Set(['received', 'assigned', 'in_review', 'observed']);
  return rows.filter((row) => open.has(row.status)).reduce((sum, row) => sum + row.count, 0);
}

/** The distinct assignees of a list of applications: [{id, name}] sorted by name. */
export function knownAssignees(items) {
  const seen = new Map();
  for (const item of items || []) {
    if (item.assignee_id && !seen.has(item.assignee_id)) {
      seen.set(item.assignee_id, item.assignee_name || item.assignee_id);
    }
  }
  return [...seen].map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'es'));
}

// --- the staff list's filters (issue 17) --------------------------------------------------------

/** The waiting-time choices (`?espera=`): [[API value, URL value, label]], as Mensajes'. */
export const WAITING_CHOICES = Object.freeze([
  ['4', '4', 'Más de 4 horas'],
  ['24', '24', 'Más de 24 horas'],
  ['overdue', 'vencidos', 'Vencidas'],
]);

const PRODUCT_CODE = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;

/**
 * Solicitudes' filters from its URL (`?estado=&tipo=&espera=`), for operators and admins alike, so
 * a link (the staff home's «Vencidas»), a reload or Back keeps them; unknown values count as absent.
 */
export function listFiltersFromQuery(query) {
  const status = query.get('estado');
  const product = (query.get('tipo') || '').toUpperCase();
  const waiting = WAITING_CHOICES.find(([, url]) => url === query.get('espera'));
  return {
    status: STATUSES.includes(status) ? status : '',
    product: PRODUCT_CODE.test(product) ? product : '',
    waiting: waiting ? waiting[0] : '',
  };
}

/** The URL search of the filters (the inverse of listFiltersFromQuery): "" for no filter. */
export function listFiltersSearch({ status = '', product = '', waiting = '' } = {}) {
  const params = new URLSearchParams();
  if (status) params.set('estado', status);
  if (product) params.set('tipo', product);
  const choice = WAITING_CHOICES.find(([api]) => api === waiting);
  if (choice) params.set('espera', choice[1]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API query of a page of the list: only the filters given. */
export function listApiQuery({ status = '', product = '', waiting = '' } = {}, cursor = null) {
  const given = Object.entries({ status, product, waiting, cursor }).filter(([, value]) => value);
  return { limit: 20, ...Object.fromEntries(given) };
}

/** A row's «Espera»: "5 h", "2 d · Vencida" (the mark is text, not only colour), or "—". */
export function waitingText(row) {
  if (!row || !row.waited_label) return '—';
  return row.overdue ? `${row.waited_label} · Vencida` : row.waited_label;
}
