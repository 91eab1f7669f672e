// Inicio of a member (manual 2.4.1), drawn by inicio.js for the member role: totals per product
// (aportes, ahorros, plazo fijo, CTS, préstamos), the 12-month evolution chart (Chart.js, with
// its data as a table), the last movements and the loans' progress (GET /api/accounts/dashboard).
// The figures are drawn at once; Chart.js is fetched only when the chart's box comes on screen,
// after they are painted (charts.js), so a phone's first screen never waits for it.

import { chartValue, evolutionSeries, overdueText, paymentsText, productLabel } from '../accounts.js';
import { asOfOr, loadScreen, overdueNotice } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, notice, progressBar, section,
  statCard } from '../components.js';
import { chartCanvas, lineChart } from '../charts.js';
import { h } from '../dom.js';
import { setMenuNote } from '../layout.js';
import { listQuery, newRepliesText } from '../tickets.js';
import { date, fullName, money, monthLabel } from '../format.js';

function isZero(value) {
  return !value || Number(value) === 0;
}

function totalsCards(totals) {
  const usd = (value, text) => (isZero(value) ? text : `${text} · ${money(value, 'USD')}`);
  return cardGrid(
    statCard({ title: 'Aportes', figure: moneyText(totals.contributions ?? '0'),
      caption: 'Saldo de aportes' }),
    statCard({ title: 'Ahorros', figure: moneyText(totals.savings_pen ?? '0'),
      caption: usd(totals.savings_usd, 'Cuentas de ahorro') }),
    statCard({ title: 'Plazo fijo', figure: moneyText(totals.fixed_deposits_pen ?? '0'),
      caption: usd(totals.fixed_deposits_usd, 'Certificados vigentes') }),
    statCard({ title: 'CTS', figure: moneyText(totals.cts_pen ?? '0'),
      caption: usd(totals.cts_usd, 'Depósitos CTS') }),
    statCard({ title: 'Préstamos', figure: moneyText(totals.loans_balance ?? '0'),
      caption: usd(totals.loans_balance_usd, 'Saldo por pagar'), tone: 'warning' }));
}

function evolutionSection(points, cleanups) {
  const series = evolutionSeries(points);
  if (!points.length || !series.length) {
    return section({ title: 'Evolución de los últimos 12 meses' },
      card({}, emptyState({ text: 'Aún no hay saldos para mostrar la evolución.' })));
  }
  const { canvas, root } = chartCanvas('Gráfico de la evolución de tus saldos en los últimos 12 ' +
    'meses; los datos están en la tabla «Ver datos del gráfico»');
  queueMicrotask(() => {
    lineChart(canvas, {
      labels: points.map((point) => monthLabel(point.month)),
      series: series.map((item) => ({ label: item.label,
        values: points.map((point) => chartValue(point[item.key])) })),
      tooltip: (value) => money(value.toFixed(2)),
    }).then((destroy) => cleanups.push(destroy)).catch(() => {});
  });
  const table = dataTable({
    caption: 'Saldos a fin de cada mes',
    columns: [
      { key: 'month', label: 'Mes', render: (row) => monthLabel(row.month) },
      ...series.map((item) => ({ key: item.key, label: item.label, align: 'end',
        render: (row) => moneyText(row[item.key] ?? '0', item.currency) })),
    ],
    rows: points,
  });
  return section({ title: 'Evolución de los últimos 12 meses' },
    card({}, h('figure', { className: 'chart-figure' }, root,
      h('figcaption', { className: 'visually-hidden' }, 'Evolución mensual de tus saldos')),
    h('details', { className: 'chart-data' }, h('summary', {}, 'Ver datos del gráfico'), table)));
}

function recentMovements(items) {
  return section({ title: 'Últimos movimientos' },
    card({},
      dataTable({
        caption: 'Últimos movimientos',
        captionHidden: true,
        columns: [
          { key: 'date', label: 'Fecha', phone: 'meta', render: (row) => date(row.date) },
          { key: 'product', label: 'Producto', render: (row) => productLabel(row.product) },
          { key: 'description', label: 'Descripción', phone: 'title' },
          { key: 'amount', label: 'Importe', align: 'end', phone: 'amount',
            render: (row) => moneyText(row.amount, row.currency) },
        ],
        rows: items,
        empty: 'Aún no tienes movimientos en los últimos 12 meses.',
      }),
      h('p', { className: 'dashboard-links' },
        h('a', { href: '/movimientos' }, 'Ver todos los movimientos'))));
}

function loansProgress(loans) {
  if (!loans.length) return null;
  return section({ title: 'Mis préstamos' },
    card({},
      h('ul', { className: 'loan-progress-list' }, loans.map((loan) => h('li', {},
        h('p', { className: 'loan-progress-name' }, `${loan.product} · N° ${loan.number}`),
        h('p', { className: 'loan-progress-text' }, 'Saldo: ', moneyText(loan.balance, loan.currency),
          ` · Pagos: ${paymentsText(loan.paid_installments, loan.total_installments)}`),
        progressBar({ label: `Progreso de pago del préstamo N° ${loan.number}`,
          value: loan.progress_pct ?? 0 })))),
      h('p', { className: 'dashboard-links' }, h('a', { href: '/prestamos' }, 'Ver mis préstamos'))));
}

/** An overdue installment is the first thing Inicio says: one alert per loan that has one. */
function overdueAlerts(loans) {
  const overdue = loans.filter((loan) => overdueText(loan.overdue, loan.currency));
  if (!overdue.length) return null;
  return h('div', { className: 'overdue-alerts' }, overdue.map((loan) => overdueNotice(
    h('p', { className: 'overdue-title' }, `Tienes cuotas vencidas en tu préstamo ${loan.product} ` +
      `N° ${loan.number}`),
    h('p', {}, overdueText(loan.overdue, loan.currency), ' Págalas cuanto antes para evitar ' +
      'intereses moratorios.'),
    h('p', {}, h('a', { href: '/prestamos' }, 'Ver mis préstamos')))));
}

/**
 * «Tienes una respuesta nueva en el Buzón»: filled in when the first page of tickets arrives
 * (apart from the dashboard, so a slow buzón never holds the money back); also marks the menu.
 */
function newRepliesSlot(ctx) {
  const slot = h('div', { className: 'new-replies' });
  // A side request: its 401 is not the session's verdict (the dashboard's own call is).
  api.get('/api/tickets', { query: listQuery({ limit: 20 }), signal: ctx.signal,
    redirectOn401: false })
    .then((page) => {
      if (!ctx.isCurrent()) return;
      const text = newRepliesText(page && page.items);
      setMenuNote('/buzon', text ? 'Nueva respuesta' : null);
      if (text) slot.append(notice('info', h('p', {}, text, ' ', h('a', { href: '/buzon' }, 'Ver mis tickets'))));
    })
    .catch(() => { /* the dashboard stands on its own */ });
  return slot;
}

/** The member's dashboard into ctx.container; returns the cleanup (the chart). */
export function renderMemberDashboard(ctx) {
  const name = fullName(ctx.session && ctx.session.user);
  const replies = newRepliesSlot(ctx);
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Inicio', asOf: asOfOr(data && data.as_of),
      subtitle: name ? `Hola, ${name}` : 'Resumen de tus productos' }),
    load: (signal) => api.get('/api/accounts/dashboard', { signal }),
    cards: 5,
    draw: (data, cleanups) => [
      overdueAlerts(data.loans || []),
      replies,
      totalsCards(data.totals || {}),
      evolutionSection(data.evolution || [], cleanups),
      recentMovements(data.recent_movements || []),
      loansProgress(data.loans || []),
    ],
  });
}

export const render = renderMemberDashboard;