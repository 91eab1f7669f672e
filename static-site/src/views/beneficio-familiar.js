// Beneficios Familiares (manual 2.4.7): the four figures (cuota mensual, pago anual, cuotas
// pendientes, estado), "Beneficios en caso de fallecimiento": "Si fallece el titular" (the amount
// split by the beneficiaries' percentages, with its total) and "Si fallece un beneficiario" (who
// is entitled and the amount per beneficiary), and the manual's notes; then «Cambio de
// beneficiarios» (issue 17: the member's requests, beneficio-familiar-cambio.js).

import { beneficiaryLabel, beneficiaryShareLabel, benefitStatus, entitledBeneficiaries,
  holderShares } from '../accounts.js';
import { asOfOr, loadScreen } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, cardGrid, dataTable, emptyState, moneyText, section, statCard } from '../components.js';
import { h } from '../dom.js';
import { integer, money } from '../format.js';
import { changeSection } from './beneficio-familiar-cambio.js';

const STATUS_TONE = { active: 'success', suspended: 'warning', inactive: 'danger' };

function holderCard(plan) {
  const shares = holderShares(plan.beneficiaries);
  return card({ className: 'benefit-card' },
    h('h3', { className: 'loan-card-title' }, 'Si fallece el titular'),
    h('p', {}, `Se distribuye ${money(plan.holder_death_amount)} entre los beneficiarios según ` +
      'el porcentaje asignado.'),
    dataTable({
      caption: 'Distribución si fallece el titular',
      captionHidden: true,
      columns: [
        { key: 'name', label: 'Beneficiario', render: (row) => beneficiaryShareLabel(row) },
        { key: 'amount_on_holder_death', label: 'Monto', align: 'end',
          render: (row) => moneyText(row.amount_on_holder_death) },
      ],
      rows: shares,
      footer: ['Total distribuido', moneyText(plan.total_distributed ?? plan.holder_death_amount)],
      empty: 'Aún no tienes beneficiarios con un porcentaje asignado.',
    }));
}

function beneficiaryCard(plan) {
  const entitled = entitledBeneficiaries(plan.beneficiaries);
  const amount = money(plan.beneficiary_death_amount);
  return card({ className: 'benefit-card' },
    h('h3', { className: 'loan-card-title' }, 'Si fallece un beneficiario'),
    h('p', {}, `El titular recibe ${amount} por cada beneficiario fallecido.`),
    entitled.length
      ? [h('p', {}, 'Beneficiarios que tienen derecho al cobro:'),
        h('ul', { className: 'benefit-list' }, entitled.map((b) => h('li', {}, beneficiaryLabel(b)))),
        h('p', {}, `En caso de fallecimiento de cualquiera de ellos, recibirá ${amount}.`)]
      : h('p', {}, 'Ningún beneficiario tiene derecho al cobro por ahora.'),
    h('p', { className: 'benefit-amount' }, 'Monto por beneficiario: ',
      h('strong', {}, moneyText(plan.beneficiary_death_amount))),
    h('p', { className: 'benefit-note' }, 'Este monto es independiente del porcentaje asignado.'));
}

export function render(ctx) {
  return loadScreen(ctx, {
    header: (data) => ({ title: 'Beneficios Familiares', asOf: asOfOr(data && data.as_of),
      subtitle: 'Conoce la distribución de tus beneficios entre tus seres queridos.' }),
    load: (signal) => api.get('/api/accounts/family-benefit', { signal }),
    cards: 4,
    draw: (plan) => {
      if (!plan || plan.enrolled === false) {
        return emptyState({ title: 'No estás inscrito en el Beneficio Familiar',
          text: 'Acércate a una agencia o escríbenos desde el Buzón para inscribirte.',
          action: h('a', { href: '/buzon', className: 'button' }, 'Ir al Buzón') });
      }
      return [
        cardGrid(
          statCard({ title: 'Cuota mensual', figure: moneyText(plan.monthly_fee) }),
          statCard({ title: 'Pago anual', figure: moneyText(plan.annual_payment) }),
          statCard({ title: 'Cuotas pendientes', figure: integer(plan.pending_installments ?? 0),
            tone: Number(plan.pending_installments) > 0 ? 'warning' : '' }),
          statCard({ title: 'Estado', figure: benefitStatus(plan.status),
            tone: STATUS_TONE[plan.status] || '' })),
        section({ title: 'Beneficios en caso de fallecimiento' },
          h('div', { className: 'benefit-grid' }, holderCard(plan), beneficiaryCard(plan))),
        h('p', { className: 'benefit-note' },
          `Los montos mostrados son estimados basados en el fondo anual de ${money(plan.annual_payment)}. ` +
          `Los beneficios por fallecimiento se calculan sobre ${money(plan.holder_death_amount)}.`),
        changeSection(ctx, plan),
      ];
    },
  });
}
