// Últimos Movimientos (manual 2.4.5): every product's movements, newest first, filtered by dates
// (desde, hasta) and product, paged with "Cargar más" (GET /api/accounts/movements, next_cursor).
// The filters live in the URL (?desde=&hasta=&producto=) so a filtered list has its own link.

import { PRODUCT_LABELS, movementFilterError, movementQuery } from '../accounts.js';
import { asOfOr, loadScreen, movementColumns } from '../accounts-parts.js';
import { api } from '../api.js';
import { card, dataTable, emptyState, section } from '../components.js';
import { h } from '../dom.js';
import { formAlert, inputField, selectField, showApiError } from '../forms.js';
import { pagedList } from '../paged-list.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function filtersFromUrl(query) {
  const pick = (name, test) => {
    const value = query.get(name) || '';
    return test(value) ? value : '';
  };
  return {
    from: pick('desde', (v) => ISO.test(v)),
    to: pick('hasta', (v) => ISO.test(v)),
    product: pick('producto', (v) => Object.hasOwn(PRODUCT_LABELS, v)),
  };
}

function productSelect(value) {
  return selectField({ label: 'Producto', name: 'product', placeholder: 'Todos los productos',
    options: Object.entries(PRODUCT_LABELS).map(([code, label]) => ({ value: code, label })), value });
}

/** The chosen filters as the screen's URL (so a filtered list has its own link). */
function filtersUrl(chosen) {
  const params = new URLSearchParams();
  if (chosen.from) params.set('desde', chosen.from);
  if (chosen.to) params.set('hasta', chosen.to);
  if (chosen.product) params.set('producto', chosen.product);
  const text = params.toString();
  return text ? `/movimientos?${text}` : '/movimientos';
}

/** The filters form: "Filtrar" checks the dates and opens the filtered URL; "Limpiar" drops them. */
function filtersForm(ctx, filters) {
  const from = inputField({ label: 'Desde', name: 'from', type: 'date', value: filters.from });
  const to = inputField({ label: 'Hasta', name: 'to', type: 'date', value: filters.to });
  const product = productSelect(filters.product);
  const alert = formAlert();
  const apply = h('button', { type: 'submit', className: 'button' }, 'Filtrar');
  const clear = h('button', { type: 'button', className: 'button button-secondary',
    on: { click: () => ctx.navigate('/movimientos') } }, 'Limpiar');
  const form = h('form', { className: 'movement-filters', noValidate: true,
    'aria-label': 'Filtros de movimientos' },
  from.root, to.root, product.root, h('div', { className: 'movement-filters-actions' }, apply, clear));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = { from: from.input.value, to: to.input.value, product: product.input.value };
    const problem = movementFilterError(chosen);
    to.setError(problem || '');
    if (problem) {
      to.input.focus();
      return;
    }
    ctx.navigate(filtersUrl(chosen));
  });
  return { form, alert, fields: { from, to } };
}

function movementsTable(rows) {
  return rows.length ? dataTable({
    caption: 'Movimientos', captionHidden: true, columns: movementColumns({ product: true }),
    rows }) : emptyState({ text: 'No hay movimientos con estos filtros. Cambia las fechas o el producto.' });
}

/** The first page; a 400 (dates the API refuses) is an empty list with the message by the form. */
async function firstPage(filters, signal) {
  try {
    return await api.get('/api/accounts/movements', { signal, query: movementQuery(filters) });
  } catch (error) {
    if (error && error.status === 400) return { items: [], next_cursor: null, error };
    throw error;
  }
}

export function render(ctx) {
  const filters = filtersFromUrl(ctx.query);
  const filtersCard = filtersForm(ctx, filters);
  const list = pagedList({
    ctx,
    fetchPage: (cursor, signal) => api.get('/api/accounts/movements',
      { signal, query: movementQuery(filters, cursor) }),
    drawItems: movementsTable,
  });

  return loadScreen(ctx, {
    header: () => ({ title: 'Últimos Movimientos', asOf: asOfOr(null),
      subtitle: 'Movimientos de todos tus productos' }),
    load: (signal) => firstPage(filters, signal),
    cards: 0,
    draw: (page) => {
      if (page.error) showApiError(page.error, filtersCard.alert, filtersCard.fields);
      list.show(page);
      return [
        card({ className: 'filters-card' }, filtersCard.alert.root, filtersCard.form),
        section({ title: 'Movimientos' }, card({}, ...list.nodes)),
      ];
    },
  });
}
