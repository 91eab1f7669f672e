// «Productos del socio» (issue 17): the section on the staff's ticket and application pages that
// loads, on request, a read-only summary of the member's products. Loading it is audited on the
// server (`member_products.viewed`), so it is a button, not part of opening the case.

import './styles/accounts.css';
import './styles/member-products.css';

import { api, isAbort } from './api.js';
import { dataTable, moneyText, notice, section, spinner } from './components.js';
import { h, replaceChildren } from './dom.js';
import { date } from './format.js';
import {
  asOfText, contributionsText, depositStatus, familyBenefitText, loanPaymentsText, loanStateText,
  memberLine, memberProductsPath,
} from './member-products.js';

// On a phone a row is a card with one amount on the right; any other figure is a line.
const money = (key, label, phone = 'amount') => ({ key, label, align: 'end', phone,
  render: (row) => moneyText(row[key], row.currency) });

function loansTable(loans) {
  return dataTable({ caption: 'Préstamos', rows: loans, empty: 'Sin préstamos.',
    columns: [
      { key: 'number', label: 'Préstamo', phone: 'title' },
      { key: 'product', label: 'Producto' },
      money('balance', 'Saldo'),
      { key: 'paid', label: 'Cuotas', render: loanPaymentsText },
      { key: 'state', label: 'Estado', render: loanStateText },
    ] });
}

function accountsTables(view) {
  return [
    dataTable({ caption: 'Ahorros', rows: view.savings, empty: 'Sin cuentas de ahorro.',
      columns: [{ key: 'masked_number', label: 'Cuenta', phone: 'title' },
        { key: 'type', label: 'Tipo' }, money('balance', 'Saldo')] }),
    dataTable({ caption: 'Plazo fijo', rows: view.fixed_deposits, empty: 'Sin depósitos a plazo.',
      columns: [{ key: 'certificate', label: 'Certificado', phone: 'title' },
        money('principal', 'Capital'),
        { key: 'matures_on', label: 'Vence', render: (row) => date(row.matures_on) },
        { key: 'status', label: 'Estado', render: (row) => depositStatus(row.status) }] }),
    dataTable({ caption: 'CTS', rows: view.cts, empty: 'Sin cuentas CTS.',
      columns: [{ key: 'masked_number', label: 'Cuenta', phone: 'title' },
        { key: 'employer', label: 'Empleador' }, money('balance', 'Saldo'),
        money('available_to_withdraw', 'Disponible', 'line-num')] }),
  ];
}

function summary(view) {
  return h('div', { className: 'member-products' },
    h('p', { className: 'member-products-who' }, memberLine(view.member), ' · ',
      asOfText(view.as_of)),
    h('dl', { className: 'facts' },
      h('div', { className: 'fact' }, h('dt', {}, 'Aportes'),
        h('dd', {}, contributionsText(view.contributions))),
      h('div', { className: 'fact' }, h('dt', {}, 'Beneficio familiar'),
        h('dd', {}, familyBenefitText(view.family_benefit)))),
    ...accountsTables(view), loansTable(view.loans));
}

/**
 * The section: «Ver productos del socio» loads the summary into the region it controls; the same
 * button then hides and shows it again without asking the API twice.
 * `kind` is 'ticket' or 'application'; `ctx` the view's (its signal and isCurrent).
 */
export function memberProductsSection(ctx, kind, id) {
  const regionId = `productos-socio-${kind}`;
  const region = h('div', { id: regionId, className: 'member-products-region', hidden: true });
  const button = h('button', { type: 'button', className: 'button button-secondary',
    'aria-expanded': 'false', 'aria-controls': regionId }, 'Ver productos del socio');
  let loaded = false;
  const show = (open) => {
    region.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Ocultar productos del socio' : 'Ver productos del socio';
  };
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    show(open);
    if (!open || loaded) return;
    replaceChildren(region, spinner('Cargando los productos del socio…'));
    try {
      const view = await api.get(memberProductsPath(kind, id), { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      loaded = true;
      replaceChildren(region, summary(view));
    } catch (error) {
      // shown in the open region; the next opening asks again
      if (!isAbort(error) && ctx.isCurrent()) {
        replaceChildren(region, notice('error', h('p', {}, error.message)));
      }
    }
  });
  return section({ title: 'Productos del socio', className: 'member-products-section',
    description: 'Resumen de solo lectura de los productos del socio. Cada consulta queda '
      + 'registrada en la auditoría.' }, h('p', {}, button), region);
}
