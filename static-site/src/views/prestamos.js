// Préstamos (manual 2.4.6): "Mis Préstamos", "<fecha> · Resumen de créditos activos", the cards
// TOTAL PRÉSTAMOS / SALDO TOTAL / MONTO ORIGINAL, "Distribución del saldo por tipo" (a doughnut
// chart with its text), "Progreso de pago por préstamo", and "Mis créditos activos": a card per
// loan with "Ver detalles", which opens its schedule (GET /api/accounts/loans/{id}) with each
// installment paid, pending or overdue, at its own address /prestamos?prestamo=<id> (reload or a
// link opens it; Back or "Ocultar detalles" closes it).

import { chartValue, distribution, distributionText, installmentStatus, installmentsText,
  latestAsOf, loansCountText, overdueText, paymentsText } from '../accounts.js';
import { asOfOr, badge, facts, loadScreen, overdueNotice, revealHeading } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, notice, progressBar, section, spinner,
  statCard } from '../components.js';
import { chartCanvas, doughnutChart } from '../charts.js';
import { h, uid } from '../dom.js';
import { counted, date, integer, money, rate } from '../format.js';
import { historySection } from '../product-history.js';
import { reportButton } from '../report-button.js';
import { closeUrl, currentLocation, pushUrl, rewriteUrl } from '../router.js';

const BASE = '/prestamos';

function scheduleTable(loan) {
  const cash = (key) => (row) => moneyText(row[key], loan.currency);
  return dataTable({
    caption: `Cronograma de pagos del préstamo N° ${loan.number}`,
    columns: [
      { key: 'n', label: 'N°', align: 'end' },
      { key: 'due_date', label: 'Vencimiento', render: (row) => date(row.due_date) },
      { key: 'principal', label: 'Capital', align: 'end', render: cash('principal') },
      { key: 'interest', label: 'Interés', align: 'end', render: cash('interest') },
      { key: 'insurance', label: 'Seguro', align: 'end', render: cash('insurance') },
      { key: 'total', label: 'Cuota', align: 'end', render: cash('total') },
      { key: 'balance', label: 'Saldo', align: 'end', render: cash('balance') },
      { key: 'status', label: 'Estado', render: (row) => {
        const status = installmentStatus(row.status);
        return badge(status.tone, status.label);
      } },
    ],
    rows: loan.schedule || [],
    empty: 'Este préstamo no tiene cuotas registradas.',
  });
}

/** The loan's address follows its schedule: a new history entry when none was open. */
function followInAddress(loan, open) {
  const shown = currentLocation().query.get('prestamo');
  if (open && shown === null) pushUrl(`${BASE}?prestamo=${encodeURIComponent(loan.id)}`);
  else if (open) rewriteUrl(`${BASE}?prestamo=${encodeURIComponent(loan.id)}`);
  else if (shown === loan.id) closeUrl(BASE);
}

/** "Ver detalles" / "Ocultar detalles": shows the schedule, loading it the first time. */
function scheduleToggle(ctx, loan, schedule) {
  const toggle = h('button', { type: 'button', className: 'button button-secondary',
    'aria-expanded': 'false', 'aria-controls': schedule.id }, 'Ver detalles');
  let loaded = false;
  const show = async (open) => {
    schedule.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Ocultar detalles' : 'Ver detalles';
    if (!open || loaded) return;
    schedule.replaceChildren(spinner('Cargando cronograma…'));
    try {
      const detail = await api.get(`/api/accounts/loans/${encodeURIComponent(loan.id)}`,
        { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      loaded = true;
      schedule.replaceChildren(h('h4', { className: 'loan-schedule-title' }, 'Cronograma de pagos'),
        scheduleTable(detail));
    } catch (error) {
      if ((error && error.name === 'AbortError') || !ctx.isCurrent()) return;
      schedule.replaceChildren(notice('error', error.message));
    }
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    followInAddress(loan, open);
    show(open);
  });
  return { toggle, show };
}

/** The loan's card; `opened` says whether the address asks for its schedule. */
function loanCard(ctx, loan, opened) {
  const schedule = h('div', { className: 'loan-schedule', id: uid('cronograma'), hidden: true });
  const { toggle, show } = scheduleToggle(ctx, loan, schedule);
  const next = loan.next_due;
  const node = card({ className: 'loan-card' },
    h('div', { className: 'loan-card-head' },
      h('div', {},
        h('h3', { className: 'loan-card-title' }, loan.product),
        h('p', { className: 'loan-card-number' }, `N°: ${loan.number}`)),
      Number(loan.installments_overdue) > 0
        ? badge('danger', counted(loan.installments_overdue, 'cuota vencida', 'cuotas vencidas'))
        : null),
    overdueText(loan.overdue, loan.currency)
      ? overdueNotice(h('p', {}, overdueText(loan.overdue, loan.currency))) : null,
    facts([
      ['Monto original', moneyText(loan.original_amount, loan.currency)],
      ['Saldo actual', moneyText(loan.balance, loan.currency)],
      ['Tasa anual', rate(loan.annual_rate)],
      ['Pagos', paymentsText(loan.installments_paid, loan.installments_total)],
      next ? ['Próxima cuota', `${money(next.amount, loan.currency)} · ${date(next.date)}`] : null,
    ]),
    progressBar({ label: 'Progreso de pago', value: loan.progress_pct }),
    h('div', { className: 'loan-card-actions' }, toggle,
      reportButton({ kind: 'loan_schedule', id: loan.id, label: 'Descargar cronograma (PDF)' })),
    schedule);
  if (opened) openOnArrival(ctx, node, show);
  return node;
}

/** The schedule the address names: opened, its card then its table brought into view. */
function openOnArrival(ctx, node, show) {
  queueMicrotask(async () => {
    if (!ctx.isCurrent()) return;
    revealHeading(node.querySelector('.loan-card-title'));
    await show(true);
    if (ctx.isCurrent()) revealHeading(node.querySelector('.loan-schedule-title'));
  });
}

/** An address naming no loan of the member's: said, above the usual screen. */
function unknownLoanNotice(ctx, items) {
  const wanted = ctx.query.get('prestamo');
  if (wanted === null || items.some((loan) => loan.id === wanted)) return null;
  return notice('warning', h('p', {}, 'No encontramos ese préstamo entre tus créditos activos.'));
}

function distributionSection(summary, cleanups) {
  const rows = distribution(summary.by_product);
  if (!rows.length) return null;
  const { canvas, root } = chartCanvas('Distribución del saldo por tipo de préstamo',
    { className: 'chart-small' });
  queueMicrotask(() => {
    doughnutChart(canvas, {
      parts: rows.map((row) => ({ label: row.product, value: chartValue(row.balance) })),
      tooltip: (value) => money(String(value.toFixed(2))),
    }).then((destroy) => cleanups.push(destroy)).catch(() => {});
  });
  return section({ title: 'Distribución del saldo por tipo' },
    card({}, root,
      h('ul', { className: 'distribution-list' },
        rows.map((row) => h('li', {}, `${row.product}: ${distributionText(row)}`)))));
}

function progressSection(items) {
  return section({ title: 'Progreso de pago por préstamo' },
    card({}, h('ul', { className: 'loan-progress-list' }, items.map((loan) => h('li', {},
      h('p', { className: 'loan-progress-name' }, `${loan.product} · N° ${loan.number}`),
      h('p', { className: 'loan-progress-text' }, installmentsText(loan)),
      progressBar({ label: `Cuotas pagadas del préstamo N° ${loan.number}`,
        value: loan.progress_pct }))))));
}

/** Loans no longer vigente (paid off, written off): «Historial», apart from the active ones. */
function loanHistory(data) {
  return historySection({ rows: data.closed, caption: 'Préstamos que ya no están vigentes',
    description: 'Préstamos cancelados o castigados; no suman en el saldo ni en los totales.',
    name: (loan) => loan.product, number: (loan) => `N° ${loan.number}`,
    amount: (loan) => moneyText(loan.balance, loan.currency) });
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Mis Préstamos', asOf: asOfOr(data && latestAsOf(data.items)),
      subtitle: 'Resumen de créditos activos' }),
    load: (signal) => api.get('/api/accounts/loans', { signal }),
    draw: (data, cleanups) => {
      const summary = data.summary || {};
      const items = data.items || [];
      const hasUsd = Number(summary.balance_usd || 0) !== 0 || Number(summary.original_amount_usd || 0) !== 0;
      const figures = cardGrid(
        statCard({ title: 'Total préstamos', figure: integer(summary.count ?? items.length) }),
        statCard({ title: 'Saldo total', figure: moneyText(summary.balance ?? '0'),
          caption: hasUsd ? `Además ${money(summary.balance_usd, 'USD')}` : null, tone: 'warning' }),
        statCard({ title: 'Monto original', figure: moneyText(summary.original_amount ?? '0'),
          caption: hasUsd ? `Además ${money(summary.original_amount_usd, 'USD')}` : null }));
      const unknown = unknownLoanNotice(ctx, items);
      if (!items.length) {
        return [unknown, figures, emptyState({ title: 'No tienes préstamos activos',
          text: 'Puedes simular un crédito en «Simulación de Crédito».',
          action: h('a', { href: '/simulacion', className: 'button' }, 'Simular un crédito') }),
        loanHistory(data)];
      }
      const wanted = ctx.query.get('prestamo');
      return [
        unknown,
        figures,
        distributionSection(summary, cleanups),
        progressSection(items),
        section({ title: 'Mis créditos activos', description: loansCountText(items.length) },
          h('div', { className: 'loan-list' },
            items.map((loan) => loanCard(ctx, loan, loan.id === wanted)))),
        loanHistory(data),
      ];
    },
  });
}
