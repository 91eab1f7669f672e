// Productos (API.md "credit": GET /api/credit/products, PUT /api/credit/products/{code}): the
// credit products and their rates, one form per product. Rates are typed as percents and sent as
// the API's fraction strings (13.50 % → "0.1350", by moving the decimal point: no floats); the
// version read is sent back so two admins never overwrite each other (409 concurrent_update).
// Changes apply to new simulations only.

import { api } from '../api.js';
import {
  adminErrorMessage, fractionToPercent, limaDateTime, PAYMENT_METHOD_NAMES, parseTerms,
  percentToFraction,
} from '../admin.js';
import { closeDialogs, isAbort, isAdminSession, refusal } from '../admin-parts.js';
import { card, emptyState, errorState, notice, pageHeader, skeleton } from '../components.js';
import { h, replaceChildren, uid } from '../dom.js';
import { checkboxField, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, whileBusy } from '../forms.js';
import { money, rate } from '../format.js';

const MONEY_RE = /^\d{1,8}(\.\d{1,2})?$/;

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

function productForm(ctx, initial) {
  let product = initial;
  const summary = h('p', { className: 'admin-muted' });
  const done = h('div', { className: 'admin-status', tabindex: '-1' });
  const alert = formAlert();
  const name = inputField({ label: 'Nombre', name: 'name', value: product.name, maxlength: 80 });
  const tea = inputField({ label: 'TEA (%)', name: 'tea', inputmode: 'decimal',
    value: fractionToPercent(product.tea), hint: 'Tasa efectiva anual, p. ej. 13.50' });
  const insurance = inputField({ label: 'Seguro desgravamen mensual (%)', name: 'insurance_monthly_rate',
    inputmode: 'decimal', value: fractionToPercent(product.insurance_monthly_rate || '0'),
    hint: 'Sobre el saldo, p. ej. 0.08' });
  const minAmount = inputField({ label: 'Monto mínimo (S/)', name: 'min_amount', inputmode: 'decimal',
    value: product.min_amount });
  const maxAmount = inputField({ label: 'Monto máximo (S/)', name: 'max_amount', inputmode: 'decimal',
    value: product.max_amount });
  const terms = inputField({ label: 'Plazos permitidos (meses)', name: 'terms_months',
    value: (product.terms_months || []).join(', '), hint: 'Separados por comas: 6, 12, 24' });
  const payrollDay = inputField({ label: 'Día de pago de planilla', name: 'payroll_day',
    type: 'number', min: '1', max: '31', inputmode: 'numeric',
    value: product.payroll_day ?? '', hint: 'Vacío: fin de mes' });
  const methods = methodsField(product.payment_methods || []);
  const active = checkboxField({ label: 'Disponible para los socios', name: 'active',
    checked: product.active !== false });
  const fields = { name, tea, insurance_monthly_rate: insurance, min_amount: minAmount,
    max_amount: maxAmount, terms_months: terms, payroll_day: payrollDay, payment_methods: methods,
    active };
  const button = submitButton('Guardar cambios', { className: 'button' });

  const describe = () => {
    const parts = [`Código ${product.code}`, `TEA ${rate(product.tea)}`,
      `${money(product.min_amount)} – ${money(product.max_amount)}`];
    if (product.updated_at) parts.push(`actualizado ${limaDateTime(product.updated_at)}`);
    summary.textContent = parts.join(' · ');
  };
  describe();

  const form = h('form', { className: 'form', novalidate: true,
    'aria-label': `Editar producto ${product.name}` },
  alert.root, name.root,
  h('div', { className: 'admin-form-grid' }, tea.root, insurance.root, minAmount.root,
    maxAmount.root, terms.root, payrollDay.root),
  methods.root, active.root,
  h('div', { className: 'admin-actions' }, button));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    replaceChildren(done);
    const teaFraction = percentToFraction(tea.input.value);
    const insuranceFraction = percentToFraction(insurance.input.value || '0');
    const termList = parseTerms(terms.input.value);
    const min = minAmount.input.value.trim().replace(',', '.');
    const max = maxAmount.input.value.trim().replace(',', '.');
    const day = payrollDay.input.value.trim();
    const valid = requireFields([
      [name, name.input.value.trim().length >= 3 ? '' : 'Escribe el nombre (al menos 3 caracteres).'],
      [tea, teaFraction ? '' : 'Escribe la TEA en porcentaje, p. ej. 13.50.'],
      [insurance, insuranceFraction ? '' : 'Escribe el porcentaje mensual, p. ej. 0.08.'],
      [minAmount, MONEY_RE.test(min) ? '' : 'Escribe un monto, p. ej. 1000.00.'],
      [maxAmount, MONEY_RE.test(max) ? '' : 'Escribe un monto, p. ej. 50000.00.'],
      [terms, termList ? '' : 'Escribe los plazos en meses, separados por comas.'],
      [payrollDay, !day || /^\d{1,2}$/.test(day) ? '' : 'Escribe un día del 1 al 31 o déjalo vacío.'],
      [methods, methods.values().length ? '' : 'Elige al menos una forma de pago.'],
    ]);
    if (!valid) return;
    const body = {
      name: name.input.value.trim(), tea: teaFraction, insurance_monthly_rate: insuranceFraction,
      min_amount: min, max_amount: max, terms_months: termList, payment_methods: methods.values(),
      payroll_day: day ? Number(day) : null, active: active.input.checked,
      version: product.version,
    };
    await whileBusy(button, async () => {
      try {
        const saved = await api.put(`/api/credit/products/${encodeURIComponent(product.code)}`, body,
          { signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        product = saved;
        tea.input.value = fractionToPercent(saved.tea);
        insurance.input.value = fractionToPercent(saved.insurance_monthly_rate || '0');
        terms.input.value = (saved.terms_months || []).join(', ');
        describe();
        replaceChildren(done, notice('success', h('p', {},
          `Cambios guardados: ${saved.name}, TEA ${rate(saved.tea)}.`)));
        done.focus();
      } catch (error) {
        if (isAbort(error)) return;
        const message = error.code === 'concurrent_update'
          ? 'Otro administrador modificó este producto mientras lo editabas. Recarga la página '
            + 'para ver sus cambios.'
          : adminErrorMessage(error);
        showApiError({ fields: error.fields || {}, message }, alert, fields);
      }
    }, 'Guardando…');
  });

  return card({ title: product.name, className: 'admin-product' }, summary, done, form);
}

export async function render(ctx) {
  const title = 'Productos';
  if (!isAdminSession(ctx.session)) return refusal(title);
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
