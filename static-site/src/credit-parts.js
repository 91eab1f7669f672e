// The parts the member's Simulación de Crédito (views/simulacion.js) and the staff's Solicitudes
// de Crédito (views/solicitudes.js) share: the state badge, the amortization table with its
// totals, the summary cards (cuota, TEA, TCEA per SBS transparency), the application's facts and
// its history as a timeline (fields live in forms.js).
// Text goes in only as text nodes (dom.js).

import './styles/credit.css';

import { cardGrid, dataTable, moneyText, statCard } from './components.js';
import { h } from './dom.js';
import { date, dateTime, rate } from './format.js';
import {
  applicationNumber, historyLineText, mailtoHref, paymentMethodLabel, scheduleTotals, statusLabel,
  statusTone,
} from './credit.js';

/** The state as a coloured badge ("Aprobada"). */
export function statusBadge(application) {
  return h('span', { className: `credit-status status-badge status-badge-${statusTone(application.status)}` },
    statusLabel(application.status, application.status_label));
}

/** The amortization table (manual 2.4.9): #, Fecha, Días, Capital, Interés, Seguro, Total
 * Cuota, Saldo Prog.; money right-aligned; a totals row. */
export function scheduleTable(simulation, { caption = 'Tabla de amortización' } = {}) {
  const money = (key) => (row) => moneyText(row[key]);
  const totals = scheduleTotals(simulation);
  return dataTable({
    caption,
    captionHidden: true,
    columns: [
      { key: 'n', label: '#', align: 'end' },
      { key: 'due_date', label: 'Fecha', render: (row) => date(row.due_date) },
      { key: 'days', label: 'Días', align: 'end' },
      { key: 'principal', label: 'Capital', align: 'end', render: money('principal') },
      { key: 'interest', label: 'Interés', align: 'end', render: money('interest') },
      { key: 'insurance', label: 'Seguro', align: 'end', render: money('insurance') },
      { key: 'total', label: 'Total Cuota', align: 'end', render: money('total') },
      { key: 'balance', label: 'Saldo Prog.', align: 'end', render: money('balance') },
    ],
    rows: simulation.schedule || [],
    footer: ['Totales', '', '', moneyText(totals.principal), moneyText(totals.interest),
      moneyText(totals.insurance), moneyText(totals.total), ''],
    empty: 'La simulación no tiene cuotas.',
  });
}

/**
 * The summary cards: Cuota mensual, TCEA (prominent, with the SBS note), TEA, total a pagar.
 * TCEA: Tasa de Costo Efectivo Anual — the cost the member really pays (interest + insurance).
 */
export function simulationSummary(simulation) {
  const totals = scheduleTotals(simulation);
  return h('div', { className: 'credit-summary' },
    cardGrid(
      statCard({ title: 'Cuota mensual', figure: moneyText(simulation.installment),
        caption: `${simulation.term_months} cuotas · ${paymentMethodLabel(simulation.payment_method)}` }),
      h('div', { className: 'card stat-card credit-tcea' },
        h('p', { className: 'stat-title' }, 'TCEA'),
        h('p', { className: 'stat-figure' }, rate(simulation.tcea)),
        h('p', { className: 'stat-caption' },
          'Tasa de Costo Efectivo Anual: incluye intereses y seguro de desgravamen')),
      statCard({ title: 'TEA', figure: rate(simulation.tea),
        caption: 'Tasa Efectiva Anual: solo intereses' }),
      statCard({ title: 'Total a pagar', figure: moneyText(totals.total),
        caption: `Intereses ${moneyTextPlain(totals.interest)} · Seguro ${moneyTextPlain(totals.insurance)}` })));
}

function moneyTextPlain(amount) {
  return moneyText(amount).textContent;
}

/** A definition list of facts: [[term, value(text|Node)], ...]. */
export function factsList(facts) {
  return h('dl', { className: 'credit-facts' },
    facts.filter(Boolean).map(([term, value]) => h('div', { className: 'credit-fact' },
      h('dt', {}, term), h('dd', {}, value ?? '—'))));
}

/** The member's e-mail as a mailto link (staff contact the member, manual 2.4.9); "—" when
 * there is none. */
function memberEmail(email) {
  const href = mailtoHref(email);
  return href ? h('a', { href }, String(email).trim()) : '—';
}

/** Who applied and how to reach them: only staff see these facts. */
function memberFacts(application) {
  return [
    ['Socio', application.member_name || '—'],
    ['DNI', application.member_dni || '—'],
    ['Correo del socio', memberEmail(application.member_email)],
  ];
}

/** A fact only when the application has its value (rates once simulated, the decision date). */
function factWhen(value, label, show) {
  return value ? [label, show(value)] : null;
}

/** The application's main facts (number, product, amount, term, method, figures, dates). */
export function applicationFacts(application, { staff = false } = {}) {
  return factsList([
    ['Solicitud', applicationNumber(application.number)],
    ['Estado', statusBadge(application)],
    ...(staff ? memberFacts(application) : []),
    ['Tipo de crédito', application.product_name || application.product_code],
    ['Monto', moneyText(application.amount)],
    ['Plazo', `${application.term_months} meses`],
    ['Forma de pago', paymentMethodLabel(application.payment_method)],
    ['Cuota mensual', moneyText(application.installment)],
    factWhen(application.tea, 'TEA', rate),
    factWhen(application.tcea, 'TCEA', rate),
    ['Responsable', application.assignee_name || (staff ? 'Sin asignar' : 'Por asignar')],
    ['Enviada', dateTime(application.created_at)],
    factWhen(application.decided_at, 'Decidida', dateTime),
  ]);
}

/** The history as a timeline, oldest first: when, what, who, and the observation. */
export function historyTimeline(history, { showActors = true } = {}) {
  const entries = Array.isArray(history) ? history : [];
  if (!entries.length) return h('p', { className: 'field-hint' }, 'Sin movimientos todavía.');
  return h('ol', { className: 'credit-timeline', 'aria-label': 'Historial de la solicitud' },
    entries.map((entry) => h('li', { className: `credit-timeline-item tone-${statusTone(entry.to)}` },
      h('p', { className: 'credit-timeline-head' },
        h('time', { className: 'credit-timeline-when', datetime: entry.at || '' }, dateTime(entry.at)),
        h('span', { className: 'credit-timeline-what' }, historyLineText(entry))),
      showActors && entry.actor && entry.actor.name
        ? h('p', { className: 'credit-timeline-who' }, `Por ${entry.actor.name}`) : null,
      entry.observation
        ? h('blockquote', { className: 'credit-observation' },
          h('span', { className: 'visually-hidden' }, 'Observación: '), entry.observation)
        : null)));
}
