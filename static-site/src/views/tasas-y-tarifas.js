// «Tasas y tarifas» (issue 18; GET /api/info/rates): public, with or without a session. The
// credit products' TEA, insurance and limits come from the credit catalogue itself (the figures
// the simulator uses); the savings and deposit rates and the fees are the ones an admin keeps in
// «Contenido público», with the date they were last updated.

import '../styles/public-content.css';
import { api, isAbort } from '../api.js';
import { errorState, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date, money } from '../format.js';
import { feeText, percentText, ratesOf, termRange } from '../public-content.js';

function creditProduct(product) {
  return h('section', { className: 'public-item', 'aria-label': product.name },
    h('h3', { className: 'public-item-title' }, product.name),
    h('dl', { className: 'public-facts' },
      h('dt', {}, 'TEA'), h('dd', {}, percentText(product.tea)),
      h('dt', {}, 'Seguro de desgravamen'),
      h('dd', {}, `${percentText(product.insurance_monthly_rate, 3)} mensual`),
      h('dt', {}, 'Montos'), h('dd', {},
        h('span', { className: 'public-amount' }, money(product.min_amount)), ' a ',
        h('span', { className: 'public-amount' }, money(product.max_amount))),
      h('dt', {}, 'Plazos'),
      h('dd', {}, termRange(product.min_term_months, product.max_term_months))));
}

function creditSection(page) {
  const products = page.credit_products || [];
  return h('section', { className: 'public-section', 'aria-labelledby': 'tasas-credito' },
    h('h2', { id: 'tasas-credito' }, 'Créditos'),
    products.length
      ? products.map(creditProduct)
      : h('p', {}, 'No hay créditos publicados por ahora.'),
    h('p', { className: 'public-note' }, 'TEA: tasa efectiva anual. El costo total de cada ' +
      'crédito (TCEA) depende del monto y el plazo: calcúlalo en la Simulación de Crédito del ' +
      'portal.'));
}

function conceptCell(row) {
  return h('span', { className: 'public-concept' }, row.concept,
    row.note ? h('span', { className: 'public-concept-note' }, row.note) : null);
}

function ratesTable(title, rows, valueLabel, value) {
  return h('table', { className: 'public-table' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Concepto'),
      h('th', { scope: 'col', className: 'num' }, valueLabel))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, conceptCell(row)),
      h('td', { className: 'num' }, value(row))))));
}

function savingsSection(page) {
  const tables = (page.groups || [])
    .map((group) => ({ group, rows: ratesOf(page.rates, group.group) }))
    .filter(({ rows }) => rows.length)
    .map(({ group, rows }) => ratesTable(group.title, rows, group.quoted_as,
      (row) => percentText(row.rate)));
  return h('section', { className: 'public-section', 'aria-labelledby': 'tasas-ahorro' },
    h('h2', { id: 'tasas-ahorro' }, 'Ahorros y depósitos'),
    tables.length ? tables : h('p', {}, 'Las tasas de ahorro se publicarán pronto.'),
    h('p', { className: 'public-note' }, 'TREA: tasa de rendimiento efectivo anual. ' +
      'TEA: tasa efectiva anual.'));
}

function feesSection(page) {
  const fees = page.fees || [];
  return h('section', { className: 'public-section', 'aria-labelledby': 'tasas-tarifas' },
    h('h2', { id: 'tasas-tarifas' }, 'Tarifas'),
    fees.length ? ratesTable('Comisiones y gastos', fees, 'Importe', (row) => feeText(row.amount))
      : h('p', {}, 'No hay tarifas publicadas.'));
}

function updatedLine(page) {
  const when = page.updated_at ? `Tasas de ahorro y tarifas actualizadas el ${date(page.updated_at)}.`
    : null;
  return h('p', { className: 'public-updated' }, when,
    page.credit_updated_at ? ` Créditos actualizados el ${date(page.credit_updated_at)}.` : null);
}

function links(ctx) {
  return h('div', { className: 'auth-links' },
    h('a', { href: '/contacto' }, 'Contacto y agencias'),
    ctx.session ? h('a', { href: '/inicio' }, 'Volver al inicio')
      : h('a', { href: '/login' }, 'Volver al inicio de sesión'));
}

export async function render(ctx) {
  const body = h('div', { className: 'public-page' }, skeleton({ cards: 2 }));
  ctx.container.append(h('h1', { className: 'auth-title', tabindex: '-1' }, 'Tasas y tarifas'),
    body, links(ctx));
  try {
    const page = await api.get('/api/info/rates', { signal: ctx.signal, cache: 'default' });
    if (!ctx.isCurrent()) return;
    replaceChildren(body, updatedLine(page), creditSection(page), savingsSection(page),
      feesSection(page));
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(body, errorState({ message: error.message, onRetry: () => ctx.navigate(ctx.path, { replace: true }) }));
  }
}
