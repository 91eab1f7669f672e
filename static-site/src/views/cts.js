// CTS (manual 2.4.8): each deposit's balance, the part available to withdraw and the intangible
// rest, the totals, and the movements (GET /api/accounts/cts). The "Descargar PDF" button belongs
// to the reports feature.

import { latestAsOf } from '../accounts.js';
import { asOfOr, loadScreen, movementColumns } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, section, statCard } from '../components.js';
import { date, money, sumMoney } from '../format.js';
import { historySection } from '../product-history.js';
import { periodReport } from '../report-period.js';

function usdCaption(value, text) {
  return value && Number(value) !== 0 ? `${text} · ${money(value, 'USD')}` : text;
}

/** Closed CTS deposits: «Historial», apart from the active ones and their totals. */
function ctsHistory(data) {
  return historySection({ rows: data.closed, caption: 'Depósitos CTS cerrados',
    name: (deposit) => `CTS · ${deposit.employer}`, number: (deposit) => deposit.masked_number,
    amount: (deposit) => moneyText(deposit.balance, deposit.currency) });
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'CTS', asOf: asOfOr(data && latestAsOf(data.items)),
      subtitle: 'Compensación por Tiempo de Servicios',
      actions: periodReport({ kind: 'cts', title: 'Periodo del reporte de CTS' }) }),
    load: (signal) => api.get('/api/accounts/cts', { signal }),
    draw: (data) => {
      const items = data.items || [];
      if (!items.length) {
        return [emptyState({ text: 'No tienes depósitos CTS en la cooperativa. Pide a tu empleador ' +
          'que deposite tu CTS en COOPAC PETROPERÚ.' }), ctsHistory(data)];
      }
      const totals = data.totals || {};
      const available = data.available_totals || {};
      const intangiblePen = sumMoney(items.filter((i) => i.currency === 'PEN').map((i) => i.intangible));
      return [
        cardGrid(
          statCard({ title: 'Saldo CTS', figure: moneyText(totals.PEN ?? '0'),
            caption: usdCaption(totals.USD, 'Total depositado') }),
          statCard({ title: 'Disponible para retiro', figure: moneyText(available.PEN ?? '0'),
            caption: usdCaption(available.USD, 'Puedes retirarlo'), tone: 'success' }),
          statCard({ title: 'Intangible', figure: moneyText(intangiblePen),
            caption: 'Reservado por ley' })),
        section({ title: 'Mis depósitos CTS' }, card({}, dataTable({
          caption: 'Mis depósitos CTS', captionHidden: true,
          columns: [
            { key: 'masked_number', label: 'Cuenta', phone: 'title' },
            { key: 'employer', label: 'Empleador', phone: 'meta' },
            { key: 'opened_on', label: 'Apertura', render: (row) => date(row.opened_on) },
            { key: 'balance', label: 'Saldo', align: 'end', phone: 'amount',
              render: (row) => moneyText(row.balance, row.currency) },
            { key: 'available_to_withdraw', label: 'Disponible', align: 'end',
              render: (row) => moneyText(row.available_to_withdraw, row.currency) },
            { key: 'intangible', label: 'Intangible', align: 'end',
              render: (row) => moneyText(row.intangible, row.currency) },
          ],
          rows: items }))),
        section({ title: 'Movimientos' }, card({}, dataTable({
          caption: 'Movimientos de CTS', captionHidden: true, columns: movementColumns(),
          rows: data.movements || [], empty: 'Aún no tienes movimientos de CTS.' }))),
        ctsHistory(data),
      ];
    },
  });
}
