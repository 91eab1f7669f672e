// Contenido público (issue 18; GET/PUT /api/info/rates and /api/info/contact): the admin keeps
// what the public /tasas-y-tarifas and /contacto show besides the credit catalogue (whose rates
// are edited in Productos): the savings and deposit rates, the fees and the agencies. Each form
// sends its whole document on the version it read; a clash with another admin is a 409.

import '../styles/admin.css';
import '../styles/public-content.css';
import { api, isAbort } from '../api.js';
import { adminErrorMessage, fractionToPercent, limaDateTime, percentToFraction } from '../admin.js';
import { card, errorState, notice, pageHeader, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert, inputField, selectField, showApiError, submitButton, whileBusy } from '../forms.js';
import { rowList, splitPhones } from '../public-content-parts.js';
import { RATE_GROUP_LABELS, whatsappText } from '../public-content.js';

const GROUP_OPTIONS = Object.entries(RATE_GROUP_LABELS).map(([value, label]) => ({ value, label }));

function rateRow(values) {
  const fields = {
    group: selectField({ label: 'Grupo', name: 'group', options: GROUP_OPTIONS,
      value: values.group || 'ahorros' }),
    concept: inputField({ label: 'Concepto', name: 'concept', value: values.concept || '',
      maxlength: '80' }),
    rate: inputField({ label: 'Tasa (%)', name: 'rate', inputmode: 'decimal',
      value: values.rate ? fractionToPercent(values.rate) : '', hint: 'TREA o TEA, p. ej. 4.50' }),
    note: inputField({ label: 'Nota (opcional)', name: 'note', value: values.note || '',
      maxlength: '200' }),
  };
  return { fields, read: () => ({ group: fields.group.input.value,
    concept: fields.concept.input.value,
    rate: percentToFraction(fields.rate.input.value) ?? fields.rate.input.value,
    note: fields.note.input.value }) };
}

function feeRow(values) {
  const fields = {
    concept: inputField({ label: 'Concepto', name: 'concept', value: values.concept || '',
      maxlength: '80' }),
    amount: inputField({ label: 'Importe (S/)', name: 'amount', inputmode: 'decimal',
      value: values.amount || '', hint: '0.00 si no tiene costo' }),
    note: inputField({ label: 'Nota (opcional)', name: 'note', value: values.note || '',
      maxlength: '200' }),
  };
  return { fields, read: () => Object.fromEntries(Object.entries(fields)
    .map(([key, field]) => [key, field.input.value])) };
}

function agencyRow(values) {
  const text = (key, label, extra = {}) => inputField({ label, name: key,
    value: values[key] || '', ...extra });
  const fields = {
    name: text('name', 'Nombre de la agencia', { maxlength: '80' }),
    address: text('address', 'Dirección', { maxlength: '200' }),
    district: text('district', 'Distrito y ciudad', { maxlength: '80' }),
    hours: text('hours', 'Horario de atención', { maxlength: '200' }),
    phones: inputField({ label: 'Teléfonos', name: 'phones', type: 'tel',
      value: (values.phones || []).join(', '), hint: 'Separados por comas, p. ej. (01) 614-5000' }),
    whatsapp: inputField({ label: 'WhatsApp (opcional)', name: 'whatsapp', type: 'tel',
      value: values.whatsapp ? whatsappText(values.whatsapp) : '', hint: 'Celular de 9 dígitos' }),
    email: text('email', 'Correo (opcional)', { type: 'email' }),
  };
  return { fields, read: () => ({ ...Object.fromEntries(Object.entries(fields)
    .map(([key, field]) => [key, field.input.value.trim() || null])),
  phones: splitPhones(fields.phones.input.value) }) };
}

function savedLine(document) {
  return document.updated_at ? `Última actualización: ${limaDateTime(document.updated_at)}.`
    : 'Aún no se ha publicado.';
}

/** One document's form: its lists, the save button, the alert and the saved notice. */
function documentForm(ctx, { path, document, lists, buttonLabel, savedText, formLabel }) {
  let version = document.version;
  const alert = formAlert();
  const status = h('div', { className: 'admin-status', tabindex: '-1' });
  const updated = h('p', { className: 'admin-muted' }, savedLine(document));
  const button = submitButton(buttonLabel, { className: 'button' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-label': formLabel },
    alert.root, updated, lists.map((list) => [h('h3', {}, list.title), list.editor.root]),
    h('div', { className: 'admin-actions' }, button), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.clear();
    replaceChildren(status);
    lists.forEach((list) => list.editor.clearErrors());
    const body = { version };
    for (const list of lists) body[list.key] = list.editor.rows().map((row) => row.read());
    await whileBusy(button, async () => {
      try {
        const saved = await api.put(path, body, { signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        version = saved.version;
        updated.textContent = savedLine(saved);
        replaceChildren(status, notice('success', savedText, ' ',
          h('a', { href: lists[0].publicPath }, 'Ver la página pública')));
        status.focus();
      } catch (error) {
        if (isAbort(error)) return;
        const named = Object.assign({}, ...lists.map((list) => list.editor.fieldsByName(list.key)));
        showApiError({ fields: error.fields || {}, message: adminErrorMessage(error) }, alert, named);
      }
    }, 'Guardando…');
  });
  return form;
}

function ratesCard(ctx, page) {
  const rates = rowList({ items: page.rates, makeRow: rateRow, addLabel: 'Agregar tasa',
    removeLabel: 'Quitar tasa', legend: (i) => `Tasa ${i + 1}` });
  const fees = rowList({ items: page.fees, makeRow: feeRow, addLabel: 'Agregar tarifa',
    removeLabel: 'Quitar tarifa', legend: (i) => `Tarifa ${i + 1}` });
  return card({ title: 'Tasas de ahorro y tarifas', className: 'content-card' },
    h('p', { className: 'admin-muted' }, 'Las tasas de los créditos (TEA, desgravamen, montos y ' +
      'plazos) se publican tal como están en Productos.'),
    documentForm(ctx, { path: '/api/info/rates', document: page, formLabel: 'Tasas y tarifas',
      buttonLabel: 'Guardar tasas y tarifas', savedText: 'Tasas y tarifas guardadas.',
      lists: [{ key: 'rates', title: 'Tasas de ahorro y depósitos', editor: rates,
        publicPath: '/tasas-y-tarifas' }, { key: 'fees', title: 'Tarifas', editor: fees }] }));
}

function contactCard(ctx, page) {
  const agencies = rowList({ items: page.agencies, makeRow: agencyRow, className: 'content-row-agency',
    addLabel: 'Agregar agencia', removeLabel: 'Quitar agencia',
    legend: (i, row) => `Agencia ${i + 1}${row.fields.name.input.value ? `: ${row.fields.name.input.value}` : ''}` });
  return card({ title: 'Contacto y agencias', className: 'content-card' },
    documentForm(ctx, { path: '/api/info/contact', document: page, formLabel: 'Agencias',
      buttonLabel: 'Guardar agencias', savedText: 'Agencias guardadas.',
      lists: [{ key: 'agencies', title: 'Agencias', editor: agencies, publicPath: '/contacto' }] }));
}

export async function render(ctx) {
  ctx.container.append(pageHeader({ title: 'Contenido público',
    subtitle: 'Lo que muestran las páginas Tasas y tarifas y Contacto' }));
  const body = h('div', { className: 'content-editors' }, skeleton({ cards: 2 }));
  ctx.container.append(body);
  try {
    const [rates, contact] = await Promise.all([
      api.get('/api/info/rates', { signal: ctx.signal }),
      api.get('/api/info/contact', { signal: ctx.signal })]);
    if (!ctx.isCurrent()) return;
    replaceChildren(body, ratesCard(ctx, rates), contactCard(ctx, contact));
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(body, errorState({ message: adminErrorMessage(error),
      onRetry: () => ctx.navigate(ctx.path, { replace: true }) }));
  }
}
