// Cuentas a plazo fijo (manual 2.4.4): each certificate with its amount, TEA, opening and
// maturity dates, term, interest accrued to date and at maturity, and the totals of the active
// ones (GET /api/accounts/fixed-deposits).

import { depositStatus, latestAsOf, maturityText } from '../accounts.js';
import { asOfOr, badge, facts, loadScreen } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, emptyState, moneyText, section, statCard } from '../components.js';
import { h } from '../dom.js';
import { counted, date, integer, rate } from '../format.js';
import { historySection } from '../product-history.js';

const STATUS_TONE = { active: 'success', matured: 'warning', cancelled: 'neutral' };

function depositCard(deposit) {
  return card({ className: 'deposit-card' },
    h('div', { className: 'loan-card-head' },
      h('div', {},
        h('h3', { className: 'loan-card-title' }, `Certificado N° ${deposit.certificate}`),
        h('p', { className: 'loan-card-number' }, maturityText(deposit))),
      badge(STATUS_TONE[deposit.status] || 'neutral', depositStatus(deposit.status))),
    facts([
      ['Monto', moneyText(deposit.principal, deposit.currency)],
      ['TEA', rate(deposit.rate)],
      ['Apertura', date(deposit.opened_on)],
      ['Vencimiento', date(deposit.matures_on)],
      ['Plazo', `${integer(deposit.term_days)} días`],
      ['Interés ganado a la fecha', moneyText(deposit.interest_accrued, deposit.currency)],
      ['Interés al vencimiento', moneyText(deposit.interest_at_maturity, deposit.currency)],
    ]));
}

/** Matured and cancelled certificates: «Historial», apart from the active ones. */
function depositHistory(data) {
  return historySection({ rows: data.closed, caption: 'Certificados vencidos o cancelados',
    name: () => 'Plazo fijo', number: (deposit) => `Certificado N° ${deposit.certificate}`,
    amount: (deposit) => moneyText(deposit.principal, deposit.currency) });
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Cuentas a Plazo Fijo', asOf: asOfOr(data && latestAsOf(data.items)),
      subtitle: 'Tus certificados de depósito' }),
    load: (signal) => api.get('/api/accounts/fixed-deposits', { signal }),
    cards: 2,
    draw: (data) => {
      const items = data.items || [];
      if (!items.length) {
        return [emptyState({ text: 'No tienes depósitos a plazo fijo. Acércate a una agencia para ' +
          'abrir uno.' }), depositHistory(data)];
      }
      const totals = data.totals || {};
      const active = items.filter((item) => item.status === 'active').length;
      return [
        cardGrid(
          statCard({ title: 'Total en soles', figure: moneyText(totals.PEN ?? '0', 'PEN'),
            caption: counted(active, 'certificado vigente', 'certificados vigentes') }),
          statCard({ title: 'Total en dólares', figure: moneyText(totals.USD ?? '0', 'USD') })),
        section({ title: 'Mis certificados' },
          h('div', { className: 'deposit-list' }, items.map(depositCard))),
        depositHistory(data),
      ];
    },
  });
}
