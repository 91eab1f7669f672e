// Productos (docs/design/API.md "credit": GET /api/credit/products, PUT /api/credit/products/{code}): the
// credit products and their rates, one form per product. Rates are typed as percents and sent as
// the API's fraction strings (13.50 % → "0.1350", by moving the decimal point: no floats); the
// version read is sent back so two admins never overwrite each other (409 concurrent_update).
// Changes apply to new simulations only.

import { api, isAbort } from '../api.js';
import {
  adminErrorMessage, fractionToPercent, limaDateTime, PAYMENT_METHOD_NAMES, parseTerms,
  percentToFraction,
} from '../admin.js';
import { refusal } from '../admin-parts.js';
import { card, closeDialogs, emptyState, errorState, notice, pageHeader, skeleton } from '../components.js';
import { h, replaceChildren, uid } from '../dom.js';
import { checkboxField, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, whileBusy } from '../forms.js';
import { fromCents, money, parseTypedAmount, rate } from '../format.js';
import { isAdmin } from '../session.js';

// The products' amounts have at most 8 whole digits (S/ 99,999,999.99).
const MAX_PRODUCT_CENTS = 10n ** 10n;

/** A typed amount as the API's money string, or null when it is not one (see format.js). */
function productAmount(text) {
  const { cents } = parseTypedAmount(text);
  return cents !== undefined && cents < MAX_PRODUCT_CENTS ? fromCents(cents) : null;
}

function methodsField(selected) {
  const legendId = uid('formas');
  const errorId = `${legendId}-error`;
  const boxes = Object.entries(PAYMENT_METHOD_NAMES).map(([value, label]) => {
    const id = uid(`forma-${value}`);
    const input = h('input', { id, type: 'checkbox', className: 'checkbox', name: 'payment_methods',
      value, checked: selected.includes(value), 'aria-describedby': errorId });
    return { input, node: h('label', { for: id }, input, ` ${label}`) };
  });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('fieldset', { className: 'admin-checks' },
    h('legend', { id: legendId }, 'Formas de pago'), ...boxes.map((box) => box.node), error);
  return {
    root,
    input: boxes[0].input,
    values: () => boxes.filter((box) => box.input.checked).map((box) => box.input.value),
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
    },
    clearError() {
      this.setError('');
    },
  };
}

/** The form's fields, filled with the product as read. */
function productFields(product) {
  return {
    name: inputField({ label: 'Nombre', name: 'name', value: product.name, maxlength: 80 }),
    tea: inputField({ label: 'TEA (%)', name: 'tea', inputmode: 'decimal',
      value: fractionToPercent(product.tea), hint: 'Tasa efectiva anual, p. ej. 13.50' }),
    insurance_monthly_rate: inputField({ label: 'Seguro desgravamen mensual (%)',
      name: 'insurance_monthly_rate', inputmode: 'decimal',
      value: fractionToPercent(product.insurance_monthly_rate || '0'), hint: 'Sobre el saldo, p. ej. 0.08' }),
    min_amount: inputField({ label: 'Monto mínimo (S/)', name: 'min_amount', inputmode: 'decimal',
      value: product.min_amount }),
    max_amount: inputField({ label: 'Monto máximo (S/)', name: 'max_amount', inputmode: 'decimal',
      value: product.max_amount }),
    terms_months: inputField({ label: 'Plazos permitidos (meses)', name: 'terms_months',
      value: (product.terms_months || []).join(', '), hint: 'Separados por comas: 6, 12, 24' }),
    payroll_day: inputField({ label: 'Día de pago de planilla', name: 'payroll_day',
      type: 'number', min: '1', max: '31', inputmode: 'numeric',
      value: product.payroll_day ?? '', hint: 'Vacío: fin de mes' }),
    payment_methods: methodsField(product.payment_methods || []),
    active: checkboxField({ label: 'Disponible para los socios', name: 'active',
      checked: product.active !== false }),
  };
}

/** The fields as they were typed, converted for the API (null where a value is not valid). */
function readProductFields(fields) {
  const day = fields.payroll_day.input.value.trim();
  return {
    name: fields.name.input.value.trim(),
    tea: percentToFraction(fields.tea.input.value),
    insurance: percentToFraction(fields.insurance_monthly_rate.input.value || '0'),
    terms: parseTerms(fields.terms_months.input.value),
    min: productAmount(fields.min_amount.input.value),
    max: productAmount(fields.max_amount.input.value),
    day,
    methods: fields.payment_methods.values(),
  };
}

/** The client-side checks; false (with the messages under the fields) when one fails. */
function checkProduct(fields, typed) {
  return requireFields([
    [fields.name, typed.name.length >= 3 ? '' : 'Escribe el nombre (al menos 3 caracteres).'],
    [fields.tea, typed.tea ? '' : 'Escribe la TEA en porcentaje, p. ej. 13.50.'],
    [fields.insurance_monthly_rate, typed.insurance ? '' : 'Escribe el porcentaje mensual, p. ej. 0.08.'],
    [fields.min_amount, typed.min ? '' : 'Escribe un monto, p. ej. 1000.00.'],
    [fields.max_amount, typed.max ? '' : 'Escribe un monto, p. ej. 50000.00.'],
    [fields.terms_months, typed.terms ? '' : 'Escribe los plazos en meses, separados por comas.'],
    [fields.payroll_day, !typed.day || /^\d{1,2}$/.test(typed.day) ? '' : 'Escribe un día del 1 al 31 o déjalo vacío.'],
    [fields.payment_methods, typed.methods.length ? '' : 'Elige al menos una forma de pago.'],
  ]);
}

/** The PUT body: the typed values and the version read (409 when another admin saved first). */
function productBody(typed, fields, version) {
  return {
    name: typed.name, tea: typed.tea, insurance_monthly_rate: typed.insurance,
    min_amount: typed.min, max_amount: typed.max, terms_months: typed.terms,
    payment_methods: typed.methods, payroll_day: typed.day ? Number(typed.day) : null,
    active: fields.active.input.checked, version,
  };
}

function saveErrorMessage(error) {
  return error.code === 'concurrent_update'
    ? 'Otro administrador modificó este producto mientras lo editabas. Recarga la página '
      + 'para ver sus cambios.'
    : adminErrorMessage(error);
}

/** "Código CONS · TEA 13.50% · S/ 1,000.00 – S/ 50,000.00 · actualizado …". */
function productSummary(product) {
  const parts = [`Código ${product.code}`, `TEA ${rate(product.tea)}`,
    `${money(product.min_amount)} – ${money(product.max_amount)}`];
  if (product.updated_at) parts.push(`actualizado ${limaDateTime(product.updated_at)}`);
  return parts.join(' · ');
}

function productFormNode(product, fields, alert, button) {
  return h('form', { className: 'form', novalidate: true,
    'aria-label': `Editar producto ${product.name}` },
  alert.root, fields.name.root,
  h('div', { className: 'admin-form-grid' }, fields.tea.root, fields.insurance_monthly_rate.root,
    fields.min_amount.root, fields.max_amount.root, fields.terms_months.root, fields.payroll_day.root),
  fields.payment_methods.root, fields.active.root,
  h('div', { className: 'admin-actions' }, button));
}

function productForm(ctx, initial) {
  let product = initial;
  const summary = h('p', { className: 'admin-muted' }, productSummary(product));
  const done = h('div', { className: 'admin-status', tabindex: '-1' });
  const alert = formAlert();
  const fields = productFields(product);
  const button = submitButton('Guardar cambios', { className: 'button' });
  const form = productFormNode(product, fields, alert, button);

  const showSaved = (saved) => {
    product = saved;
    fields.tea.input.value = fractionToPercent(saved.tea);
    fields.insurance_monthly_rate.input.value = fractionToPercent(saved.insurance_monthly_rate || '0');
    fields.terms_months.input.value = (saved.terms_months || []).join(', ');
    summary.textContent = productSummary(product);
    replaceChildren(done, notice('success', h('p', {},
      `Cambios guardados: ${saved.name}, TEA ${rate(saved.tea)}.`)));
    done.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    replaceChildren(done);
    const typed = readProductFields(fields);
    if (!checkProduct(fields, typed)) return;
    const body = productBody(typed, fields, product.version);
    await whileBusy(button, async () => {
      try {
        const saved = await api.put(`/api/credit/products/${encodeURIComponent(product.code)}`, body,
          { signal: ctx.signal });
        if (ctx.isCurrent()) showSaved(saved);
      } catch (error) {
        if (isAbort(error)) return;
        showApiError({ fields: error.fields || {}, message: saveErrorMessage(error) }, alert, fields);
      }
    }, 'Guardando…');
  });

  return card({ title: product.name, className: 'admin-product' }, summary, done, form);
}

export async function render(ctx) {
  const title = 'Productos';
  if (!isAdmin(ctx.session)) return refusal(title);
  const holder = h('div', {}, skeleton({ cards: 2, lines: 6 }));
  ctx.container.append(
    pageHeader({ title, subtitle: 'Productos de crédito: tasas, montos y plazos' }),
    notice('info', h('p', {}, 'Los cambios se aplican solo a nuevas simulaciones; las solicitudes '
      + 'ya enviadas conservan sus condiciones.')),
    holder);
  const load = async () => {
    try {
      const answer = await api.get('/api/credit/products', { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      const items = answer.items || [];
      replaceChildren(holder, items.length
        ? h('div', { className: 'admin-product-grid' }, items.map((product) => productForm(ctx, product)))
        : emptyState({ text: 'No hay productos de crédito registrados.' }));
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(holder, errorState({ message: adminErrorMessage(error), onRetry: load }));
    }
  };
  await load();
  return closeDialogs;
}
