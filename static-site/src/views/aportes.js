// Aportes (manual 2.4.2): the balance and monthly fee, the balance at each of the last 24 month
// ends (a table) and the movements (GET /api/accounts/contributions), and «Descargar PDF».

import { asOfOr, facts, loadScreen, movementColumns } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, section, statCard } from '../components.js';
import { date, monthLabel } from '../format.js';
import { historySection } from '../product-history.js';
import { periodReport } from '../report-period.js';

/** Closed contributions accounts: «Historial de cuentas», apart from the balance shown. */
function contributionsHistory(data) {
  return historySection({ rows: data.closed, caption: 'Cuentas de aportes cerradas',
    title: 'Historial de cuentas', name: () => 'Aportes',
    number: (account) => account.masked_number, amount: (account) => moneyText(account.balance) });
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Aportes', asOf: asOfOr(data && data.account && data.account.as_of),
      subtitle: 'Tus aportes a la cooperativa',
      actions: periodReport({ kind: 'contributions', title: 'Periodo del reporte de aportes' }) }),
    load: (signal) => api.get('/api/accounts/contributions', { signal }),
    cards: 2,
    draw: (data) => {
      if (!data.account) {
        return [emptyState({ text: 'No tienes una cuenta de aportes registrada. Acércate a una ' +
          'agencia o escríbenos desde el Buzón.' }), contributionsHistory(data)];
      }
      const currency = data.currency || 'PEN';
      const history = [...(data.history || [])].reverse();
      return [
        cardGrid(
          statCard({ title: 'Saldo de aportes', figure: moneyText(data.balance, currency),
            tone: 'success' }),
          statCard({ title: 'Aporte mensual', figure: moneyText(data.monthly_fee, currency) })),
        card({}, facts([
          ['Cuenta', data.account.masked_number],
          ['Fecha de inscripción', date(data.account.opened_on)],
        ])),
        section({ title: 'Movimientos' }, card({}, dataTable({
          caption: 'Movimientos de aportes', captionHidden: true, columns: movementColumns(),
          rows: data.movements || [], empty: 'Aún no tienes movimientos de aportes.' }))),
        section({ title: 'Historial de saldos', description: 'Saldo de aportes al cierre de cada mes (últimos 24 meses).' },
          card({}, dataTable({
            caption: 'Saldo de aportes al cierre de cada mes', captionHidden: true,
            columns: [
              { key: 'month', label: 'Mes', render: (row) => monthLabel(row.month) },
              { key: 'balance', label: 'Saldo', align: 'end', render: (row) => moneyText(row.balance, currency) },
            ],
            rows: history, empty: 'Aún no hay historial de saldos.' }))),
        contributionsHistory(data),
      ];
    },
  });
}
