// Pure helpers of the member's money screens (manual 2.4.1–2.4.8): labels of the API's codes,
// the texts the manual shows ("Pagos: 24 / 14 pagados"), the dashboard chart's series and the
// loans' distribution. No DOM here (unit-tested with node --test); the parts that draw are in
// accounts-parts.js.

import { counted, date, integer, money, number, toCents } from './format.js';

/** Movement product codes (docs/design/API.md `accounts`) → the menu's Spanish names. */
export const PRODUCT_LABELS = Object.freeze({
  contributions: 'Aportes',
  savings: 'Ahorros',
  fixed_deposits: 'Plazo fijo',
  loans: 'Préstamos',
  cts: 'CTS',
});

export function productLabel(code) {
  return PRODUCT_LABELS[code] || String(code || '—');
}

const INSTALLMENT_STATUS = { paid: 'Pagada', pending: 'Pendiente', overdue: 'Vencida' };
const INSTALLMENT_TONE = { paid: 'success', pending: 'neutral', overdue: 'danger' };

/** A schedule row's state: paid → "Pagada", pending → "Pendiente", overdue → "Vencida". */
export function installmentStatus(status) {
  return { label: INSTALLMENT_STATUS[status] || String(status || '—'),
    tone: INSTALLMENT_TONE[status] || 'neutral' };
}

const BENEFIT_STATUS = { active: 'Activo', suspended: 'Suspendido', inactive: 'Inactivo' };

/** The family-benefit plan's state: active → "Activo". */
export function benefitStatus(status) {
  return BENEFIT_STATUS[status] || '—';
}

const DEPOSIT_STATUS = { active: 'Vigente', matured: 'Vencido', cancelled: 'Cancelado' };

/** A fixed deposit's state: active → "Vigente". */
export function depositStatus(status) {
  return DEPOSIT_STATUS[status] || String(status || '—');
}

/** "Total: 1 cuenta encontrada" / "Total: 2 cuentas encontradas" (manual 2.4.3, in real Spanish). */
export function accountsFoundText(count) {
  return `Total: ${counted(count, 'cuenta encontrada', 'cuentas encontradas')}`;
}

/**
 * "14 de 24 cuotas pagadas": paid first, then the total (the manual's "24 / 14 pagados" read as
 * 24 of 14).
 */
export function paymentsText(paid, total) {
  return `${integer(paid)} de ${counted(total, 'cuota pagada', 'cuotas pagadas')}`;
}

/**
 * The overdue alert of a loan (`overdue` of the API): "1 cuota vencida por S/ 977.61, desde el
 * 27/11/2026." — or null when the loan is up to date.
 */
export function overdueText(overdue, currency = 'PEN') {
  if (!overdue || !(Number(overdue.count) > 0)) return null;
  const since = Number(overdue.count) === 1 ? 'venció el' : 'la más antigua venció el';
  return `${counted(overdue.count, 'cuota vencida', 'cuotas vencidas')} por ` +
    `${money(overdue.amount, currency)}; ${since} ${date(overdue.oldest_due_date)}.`;
}

/** "Cuotas pagadas: 14, Cuotas pendientes: 9" (+ ", Cuotas vencidas: 1" when there are). */
export function installmentsText(loan) {
  const parts = [`Cuotas pagadas: ${loan.installments_paid}`,
    `Cuotas pendientes: ${loan.installments_pending}`];
  if (Number(loan.installments_overdue) > 0) parts.push(`Cuotas vencidas: ${loan.installments_overdue}`);
  return parts.join(', ');
}

/** "1 préstamo" / "2 préstamos". */
export function loansCountText(count) {
  return counted(count, 'préstamo', 'préstamos');
}

/**
 * The loans' balance by type with each one's share of its currency's total, in whole percent
 * (the text alternative of the distribution chart).
 * [{product, currency, balance}] → [{product, currency, balance, share}] (share: 0–100).
 */
export function distribution(byProduct) {
  const rows = Array.isArray(byProduct) ? byProduct : [];
  const totals = new Map();
  for (const row of rows) {
    totals.set(row.currency, (totals.get(row.currency) ?? 0n) + (toCents(row.balance) ?? 0n));
  }
  return rows.map((row) => {
    const total = totals.get(row.currency) ?? 0n;
    const part = toCents(row.balance) ?? 0n;
    const share = total > 0n ? Number((part * 200n + total) / (total * 2n)) : 0;
    return { ...row, share };
  });
}

/** "100.00" → "100%", "33.50" → "33.5%": a beneficiary's percentage as the manual writes it. */
export function shareText(percentage) {
  const text = number(percentage, 2);
  if (text === '—') return text;
  return `${text.replace(/\.?0+$/, '')}%`;
}

/** "YAI (Hijo/a, 100%)" — a beneficiary in the "Si fallece el titular" table. */
export function beneficiaryShareLabel(beneficiary) {
  return `${beneficiary.name} (${beneficiary.relationship}, ${shareText(beneficiary.percentage)})`;
}

/** "YANQUI (Hijo)" — a beneficiary in the "Si fallece un beneficiario" list. */
export function beneficiaryLabel(beneficiary) {
  return beneficiary.relationship ? `${beneficiary.name} (${beneficiary.relationship})`
    : beneficiary.name;
}

/** The beneficiaries who share the holder's death amount (a percentage above zero). */
export function holderShares(beneficiaries) {
  return (beneficiaries || []).filter((b) => (toCents(b.percentage) ?? 0n) > 0n);
}

/** The beneficiaries for whose death the holder is paid. */
export function entitledBeneficiaries(beneficiaries) {
  return (beneficiaries || []).filter((b) => b.entitled === true);
}

/** The dashboard's evolution series: key in each point → label (soles first). */
export const EVOLUTION_SERIES = Object.freeze([
  { key: 'contributions', label: 'Aportes', currency: 'PEN' },
  { key: 'savings', label: 'Ahorros', currency: 'PEN' },
  { key: 'cts', label: 'CTS', currency: 'PEN' },
  { key: 'loans_balance', label: 'Préstamos (saldo)', currency: 'PEN' },
  { key: 'savings_usd', label: 'Ahorros en dólares', currency: 'USD' },
  { key: 'cts_usd', label: 'CTS en dólares', currency: 'USD' },
]);

/**
 * The series worth drawing: those present in the points with at least one non-zero month
 * (a member with no dollar accounts gets no dollar lines).
 */
export function evolutionSeries(points) {
  const rows = Array.isArray(points) ? points : [];
  return EVOLUTION_SERIES.filter((series) => rows.some((point) =>
    point[series.key] !== undefined && (toCents(point[series.key]) ?? 0n) !== 0n));
}

/** A money string as a number for a chart's axis only (the figures shown use the strings). */
export function chartValue(value) {
  const amount = toCents(value);
  return amount === null ? 0 : Number(amount) / 100;
}

/** "S/ 9,191.10 (100%)" for a distribution row. */
export function distributionText(row) {
  return `${money(row.balance, row.currency)} (${row.share}%)`;
}

/** The query of «Últimos movimientos» from the filter form (empty values left out). */
export function movementQuery({ from = '', to = '', product = '' } = {}, cursor = null) {
  const query = {};
  if (from) query.from = from;
  if (to) query.to = to;
  if (product) query.product = product;
  if (cursor) query.cursor = cursor;
  return query;
}

/** The filters' own check before asking: "hasta" not before "desde" (ISO dates compare as text). */
export function movementFilterError({ from = '', to = '' } = {}) {
  if (from && to && to < from) return 'La fecha final no puede ser anterior a la inicial.';
  return null;
}

/** "Vence el 25/02/2027 · 360 días" for a fixed deposit. */
export function maturityText(deposit) {
  return `Vence el ${date(deposit.matures_on)} · ${deposit.term_days} días`;
}

/** The date of a money screen's "as of" line: the newest `as_of` of its items, else null. */
export function latestAsOf(items) {
  const dates = (items || []).map((item) => item && item.as_of).filter(Boolean).sort();
  return dates.length ? dates[dates.length - 1] : null;
}

const PRODUCT_STATUS = Object.freeze({
  vigente: 'Vigente', cancelado: 'Cancelado', castigado: 'Castigado',
  activo: 'Activo', cerrado: 'Cerrada',
  active: 'Vigente', matured: 'Vencido', cancelled: 'Cancelado',
});

/**
 * A product's state as the core system states it (`status` of the API; docs/imports.md,
 * "Product status"): cancelado → "Cancelado", castigado → "Castigado", cerrado → "Cerrada".
 */
export function productStatusLabel(status) {
  return PRODUCT_STATUS[status] || String(status || '—');
}

/** "Cerrado el 25/11/2026" — or "—" when the API gives no date. */
export function closedOnText(closedOn) {
  return closedOn ? date(closedOn) : '—';
}
