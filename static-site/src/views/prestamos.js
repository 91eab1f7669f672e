// Préstamos (manual 2.4.6): "Mis Préstamos", "<fecha> · Resumen de créditos activos", the cards
// TOTAL PRÉSTAMOS / SALDO TOTAL / MONTO ORIGINAL, "Distribución del saldo por tipo" (a doughnut
// chart with its text), "Progreso de pago por préstamo", and "Mis créditos activos": a card per
// loan with "Ver detalles", which opens its schedule (GET /api/accounts/loans/{id}) with each
// installment paid, pending or overdue.

import { chartValue, distribution, distributionText, installmentStatus, installmentsText,
  latestAsOf, loansCountText, overdueText, paymentsText } from '../accounts.js';
import { asOfOr, badge, facts, loadScreen, overdueNotice } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, notice, progressBar, section, spinner,
  statCard } from '../components.js';
import { chartCanvas, doughnutChart } from '../charts.js';
import { h, uid } from '../dom.js';
import { counted, date, integer, money, rate } from '../format.js';
import { reportButton } from '../report-button.js';

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

function loanCard(ctx, loan) {
  const scheduleId = uid('cronograma');
  const schedule = h('div', { className: 'loan-schedule', id: scheduleId, hidden: true });
  const toggle = h('button', { type: 'button', className: 'button button-secondary',
    'aria-expanded': 'false', 'aria-controls': scheduleId }, 'Ver detalles');
  let loaded = false;
  toggle.addEventListener('click', async () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    if (open) {
      schedule.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.textContent = 'Ver detalles';
      return;
    }
    schedule.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    toggle.textContent = 'Ocultar detalles';
    if (loaded) return;
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
  });

  const next = loan.next_due;
  return card({ className: 'loan-card' },
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
      if (!items.length) {
        return [figures, emptyState({ title: 'No tienes préstamos activos',
          text: 'Puedes simular un crédito en «Simulación de Crédito».',
          action: h('a', { href: '/simulacion', className: 'button' }, 'Simular un crédito') })];
      }
      return [
        figures,
        distributionSection(summary, cleanups),
        progressSection(items),
        section({ title: 'Mis créditos activos', description: loansCountText(items.length) },
          h('div', { className: 'loan-list' }, items.map((loan) => loanCard(ctx, loan)))),
      ];
    },
  });
}
