// Ahorros (manual 2.4.3): the card "Mis Cuentas de Ahorro", "Total: N cuentas encontradas", "Descargar
// Cuentas" (GET /api/accounts/savings/export as a CSV file), the table CUENTA, TIPO, MONEDA,
// SALDO, TASA, APERTURA, ÚLT. MOV., DETALLE and the totals in soles and dollars. DETALLE shows
// the account's movements below the table (GET /api/accounts/savings/{id}/movements, paged) at
// its own address, /ahorros?cuenta=<id>: reload or a link opens them, Back closes them.

import { accountsFoundText, latestAsOf } from '../accounts.js';
import { asOfOr, loadScreen, movementColumns, revealHeading, saveBlob } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, dataTable, emptyState, moneyText, notice, section, spinner } from '../components.js';
import { h } from '../dom.js';
import { date, rate } from '../format.js';
import { whileBusy } from '../forms.js';
import { pagedList } from '../paged-list.js';
import { historySection } from '../product-history.js';
import { periodReport } from '../report-period.js';
import { currentLocation, pushUrl, rewriteUrl } from '../router.js';

const BASE = '/ahorros';

function downloadButton(ctx) {
  const status = h('p', { className: 'visually-hidden', role: 'status' });
  const failure = h('div', { className: 'download-error' });
  const button = h('button', { type: 'button', className: 'button button-secondary' },
    'Descargar Cuentas');
  button.addEventListener('click', () => whileBusy(button, async () => {
    status.textContent = '';
    failure.replaceChildren();
    try {
      const { blob, filename } = await api.download('/api/accounts/savings/export',
        { signal: ctx.signal });
      saveBlob(blob, filename || 'cuentas-ahorro.csv');
      status.textContent = 'Descarga iniciada.';
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      failure.replaceChildren(notice('error', error.message));
    }
  }));
  return [button, status, failure];
}

/** The movements' section, with its heading brought into view (again once they arrive). */
function showSection(holder, title, ...content) {
  holder.replaceChildren(section({ title }, card({}, ...content)));
  const heading = holder.querySelector('h2');
  revealHeading(heading);
  return () => revealHeading(heading);
}

function accountMovements(ctx, account, holder) {
  const list = pagedList({
    ctx, placeholder: () => spinner('Cargando movimientos…'),
    fetchPage: (cursor, signal) => api.get(
      `/api/accounts/savings/${encodeURIComponent(account.id)}/movements`,
      { signal, query: { cursor } }),
    drawItems: (rows) => dataTable({ caption: `Movimientos de la cuenta ${account.masked_number}`,
      captionHidden: true, columns: movementColumns(), rows,
      empty: 'Esta cuenta aún no tiene movimientos.' }),
  });
  const statement = periodReport({ kind: 'savings_statement', id: account.id,
    label: 'Descargar estado de cuenta',
    title: `Periodo del estado de cuenta de la cuenta ${account.masked_number}` });
  const revealAgain = showSection(holder, `Movimientos de la cuenta ${account.masked_number}`,
    statement, ...list.nodes);
  list.reload().then(() => {
    if (ctx.isCurrent()) revealAgain();
  });
}

/** An address naming no account of the member's (mistyped, or another member's). */
function unknownAccount(holder) {
  showSection(holder, 'Movimientos de la cuenta', notice('warning', h('p', {},
    'No encontramos esa cuenta entre tus cuentas de ahorro. Elige una en la tabla para ver ' +
    'sus movimientos.')));
}

/** "Ver movimientos": the account's address, a new history entry unless one is already open. */
function openAccount(ctx, account, holder) {
  const to = `${BASE}?cuenta=${encodeURIComponent(account.id)}`;
  if (currentLocation().query.has('cuenta')) rewriteUrl(to);
  else pushUrl(to);
  accountMovements(ctx, account, holder);
}

/** The account the address names, drawn once the table is on the page. */
function openFromAddress(ctx, items, holder) {
  const wanted = ctx.query.get('cuenta');
  if (wanted === null) return;
  const account = items.find((item) => item.id === wanted);
  queueMicrotask(() => {
    if (!ctx.isCurrent()) return;
    if (account) accountMovements(ctx, account, holder);
    else unknownAccount(holder);
  });
}

/** Closed savings accounts: «Historial», apart from the active ones and their totals. */
function savingsHistory(data) {
  return historySection({ rows: data.closed, caption: 'Cuentas de ahorro cerradas',
    name: (account) => account.type, number: (account) => account.masked_number,
    amount: (account) => moneyText(account.balance, account.currency) });
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Ahorros', asOf: asOfOr(data && latestAsOf(data.items)),
      subtitle: 'Tus cuentas de ahorro' }),
    load: (signal) => api.get('/api/accounts/savings', { signal }),
    cards: 0,
    draw: (data) => {
      const items = data.items || [];
      const detail = h('div', { className: 'savings-detail' });
      const table = dataTable({
        caption: 'Mis cuentas de ahorro',
        captionHidden: true,
        columns: [
          { key: 'masked_number', label: 'Cuenta', phone: 'title' },
          { key: 'type', label: 'Tipo', phone: 'meta' },
          { key: 'balance', label: 'Saldo', align: 'end', phone: 'amount',
            render: (row) => moneyText(row.balance, row.currency) },
          { key: 'rate', label: 'Tasa', align: 'end', render: (row) => rate(row.rate) },
          { key: 'opened_on', label: 'Apertura', render: (row) => date(row.opened_on) },
          { key: 'last_movement_on', label: 'Últ. mov.', render: (row) => date(row.last_movement_on) },
          { key: 'detail', label: 'Detalle', render: (row) => h('button', {
            type: 'button', className: 'button button-link',
            'aria-label': `Ver movimientos de la cuenta ${row.masked_number}`,
            on: { click: () => openAccount(ctx, row, detail) } }, 'Ver movimientos') },
        ],
        rows: items,
        empty: 'No tienes cuentas de ahorro registradas.',
      });
      const totals = data.totals || {};
      openFromAddress(ctx, items, detail);
      return [
        card({ className: 'savings-card' },
          h('h2', { className: 'card-heading' }, 'Mis Cuentas de Ahorro'),
          h('div', { className: 'loan-card-head' },
            h('p', { className: 'money-lead' }, `${accountsFoundText(items.length)}.`),
            h('div', { className: 'page-actions' }, downloadButton(ctx))),
          items.length ? table : emptyState({ text: 'No tienes cuentas de ahorro registradas. ' +
            'Acércate a una agencia para abrir una.' }),
          h('div', { className: 'money-totals' },
            h('p', {}, 'Total en Soles: ', moneyText(totals.PEN ?? '0', 'PEN')),
            h('p', {}, 'Total en Dólares: ', moneyText(totals.USD ?? '0', 'USD')))),
        detail,
        savingsHistory(data),
      ];
    },
  });
}
