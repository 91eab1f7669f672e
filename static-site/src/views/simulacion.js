// Simulación de Crédito (manual 2.4.9): "Simulador de Crédito".
//
//   /simulacion                  the parameters (Tipo de crédito, Monto del crédito (S/), Plazo
//                                (meses) — enabled once a type is chosen —, Forma de pago),
//                                "Calcular cuotas" → summary (cuota, TCEA, TEA) and the
//                                "Tabla de amortización" with totals; "Solicitar crédito ahora"
//                                sends the simulation (after a confirmation); "Mis solicitudes"
//                                lists the member's applications with their state and history
//   /simulacion?solicitud=<id>   the same, with that application's detail open (link of the
//                                decision e-mails)
//
// The limits come from the chosen product (GET /api/credit/products) and are checked here as the
// server checks them; the server's field messages land under the same inputs.

import { api, isAbort } from '../api.js';
import {
  card, closeDialogs, confirmDialog, dataTable, emptyState, errorState, moneyText, notice, pageHeader, section,
  skeleton,
} from '../components.js';
import {
  applicationIdFrom, applicationNumber, paymentMethodLabel, validateSimulation,
} from '../credit.js';
import {
  applicationFacts, historyTimeline, scheduleTable, simulationSummary, statusBadge,
} from '../credit-parts.js';
import { h, replaceChildren } from '../dom.js';
import { RESTORED_NOTE, draftKey, keepDraft, readDraft } from '../drafts.js';
import {
  clearErrors, formAlert, inputField, selectField, showApiError, whileBusy,
} from '../forms.js';
import { date, money, todayIso } from '../format.js';
import { rewriteUrl } from '../router.js';
import { reportButton } from '../report-button.js';

const BASE = '/simulacion';
const FIELD_NAMES = ['product_code', 'amount', 'term_months', 'payment_method'];


const ALL_METHODS = [{ value: 'planilla', label: 'Planilla' }, { value: 'ventanilla', label: 'Ventanilla' }];

function simulationFields(products) {
  return {
    product_code: selectField({ label: 'Tipo de crédito', name: 'product_code',
      placeholder: 'Seleccione un tipo',
      options: products.map((product) => ({ value: product.code, label: product.name })) }),
    amount: inputField({ label: 'Monto del crédito (S/)', name: 'amount', inputmode: 'decimal',
      autocomplete: 'off', placeholder: '10,000', hint: 'Elige primero el tipo de crédito.' }),
    term_months: selectField({ label: 'Plazo (meses)', name: 'term_months',
      placeholder: 'Primero seleccione tipo de crédito', disabled: true }),
    payment_method: selectField({ label: 'Forma de pago', name: 'payment_method',
      options: ALL_METHODS, value: 'planilla' }),
  };
}

/**
 * The chosen product's terms, range and payment methods in the form (none chosen: every method,
 * no terms). The term and method already chosen stay when the product offers them.
 */
function showProduct(fields, product) {
  const { amount, term_months: term, payment_method: method } = fields;
  const amountHint = amount.root.querySelector('.field-hint');
  const previousTerm = term.input.value;
  const previousMethod = method.input.value;
  if (!product) {
    term.setOptions([], { placeholder: 'Primero seleccione tipo de crédito' });
    term.input.disabled = true;
    amountHint.textContent = 'Elige primero el tipo de crédito.';
    method.setOptions(ALL_METHODS, { selected: previousMethod });
    return;
  }
  term.setOptions(product.terms_months.map((months) => ({ value: String(months),
    label: `${months} meses` })), { placeholder: 'Seleccione el plazo',
    selected: product.terms_months.map(String).includes(previousTerm) ? previousTerm : '' });
  term.input.disabled = false;
  amountHint.textContent = `Entre ${money(product.min_amount)} y ${money(product.max_amount)}.`;
  const methods = product.payment_methods.map((value) => ({ value,
    label: paymentMethodLabel(value) }));
  method.setOptions(methods, { placeholder: null,
    selected: product.payment_methods.includes(previousMethod) ? previousMethod
      : product.payment_methods[0] });
}

/** The simulator's errors under their fields, the first one focused. */
function showSimulationErrors(fields, alert, errors) {
  let first = null;
  for (const name of FIELD_NAMES) {
    if (errors[name]) {
      fields[name].setError(errors[name]);
      first = first || fields[name];
    }
  }
  alert.show('Revisa los datos marcados en el formulario.');
  if (first) first.input.focus();
}

/** The parameters typed before the session expired: the product first, it brings the terms. */
function restoreParameters(fields, key, byCode) {
  const kept = readDraft(key);
  if (!kept || !byCode.has(kept.product_code)) return false;
  fields.product_code.input.value = kept.product_code;
  showProduct(fields, byCode.get(kept.product_code));
  for (const name of ['amount', 'term_months', 'payment_method']) {
    if (kept[name]) fields[name].input.value = kept[name];
  }
  return true;
}

/** The form "Parámetros del crédito". Calls onResult(simulation, payload, product). */
function parametersForm(ctx, products, { onResult, onStale }) {
  const byCode = new Map(products.map((product) => [product.code, product]));
  const fields = simulationFields(products);
  const { product_code: type, amount, term_months: term, payment_method: method } = fields;
  const alert = formAlert();
  const button = h('button', { type: 'submit', className: 'button' }, 'Calcular cuotas');
  const chosen = () => byCode.get(type.input.value) || null;
  type.input.addEventListener('change', () => showProduct(fields, chosen()));
  for (const field of Object.values(fields)) {
    field.input.addEventListener('input', () => {
      field.clearError();
      onStale();
    });
    field.input.addEventListener('change', onStale);
  }

  const form = h('form', { className: 'form', novalidate: true, 'aria-label': 'Parámetros del crédito' },
    alert.root,
    h('div', { className: 'form-row' }, type.root, amount.root),
    h('div', { className: 'form-row' }, term.root, method.root),
    h('div', { className: 'credit-form-actions' }, button));
  const key = draftKey(ctx.session.user.id, 'simulation');
  if (restoreParameters(fields, key, byCode)) form.prepend(notice('info', h('p', {}, RESTORED_NOTE)));
  const draft = keepDraft({ form, key, fields: Object.fromEntries(FIELD_NAMES.map((name) =>
    [name, fields[name].input])) });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const product = chosen();
    const { errors, payload } = validateSimulation(product, { amount: amount.input.value,
      term: term.input.value, method: method.input.value });
    if (!payload) {
      showSimulationErrors(fields, alert, errors);
      return;
    }
    await whileBusy(button, async () => {
      try {
        const simulation = await api.post('/api/credit/simulations', payload, { signal: ctx.signal });
        draft.discard(); // calculated: the parameters are on screen in the result
        if (!ctx.isCurrent()) return;
        onResult(simulation, payload, product);
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, fields);
      }
    }, 'Calculando…');
  });

  return { root: form, alert, focus: () => type.input.focus() };
}

/**
 * The result: summary cards, «Solicitar crédito ahora» right under them (the only place it
 * exists: there is nothing to apply for before a calculation) and the amortization table.
 */
function resultView(simulation, product, inputs, applyButton) {
  return [
    section({ title: 'Resumen de la simulación',
      description: `${product ? product.name : simulation.product_name} · ` +
        `${money(simulation.amount)} a ${simulation.term_months} meses` },
    simulationSummary(simulation),
    h('div', { className: 'credit-apply' }, applyButton)),
    section({ title: 'Tabla de amortización' },
      scheduleTable(simulation),
      // Only the inputs travel: the server recomputes the simulation for the PDF.
      h('div', { className: 'credit-pdf-slot' },
        reportButton({ kind: 'simulation', simulation: inputs }))),
  ];
}

/** The detail of one of the member's applications. */
function applicationDetail(application) {
  return card({ className: 'credit-detail' },
    h('h3', { className: 'card-heading', tabindex: '-1' },
      `Solicitud ${applicationNumber(application.number)}`),
    applicationFacts(application),
    application.status === 'observed'
      ? notice('warning', h('p', {}, 'Tu solicitud tiene observaciones: revisa el historial. ' +
        'El personal de créditos se comunicará contigo.')) : null,
    h('h4', { className: 'subheading' }, 'Historial'),
    historyTimeline(application.history, { showActors: false }),
    application.schedule ? h('details', { className: 'credit-schedule-details' },
      h('summary', {}, 'Ver tabla de amortización enviada'),
      scheduleTable(application, { caption: `Tabla de amortización de la solicitud ${applicationNumber(application.number)}` }))
      : null);
}

/** "Mis solicitudes": the list and the detail under it. */
function applicationsSection(ctx) {
  const list = h('div', { className: 'credit-list' }, skeleton({ cards: 0, lines: 3 }));
  const detail = h('div', { className: 'credit-detail-wrap', 'aria-live': 'polite' });
  const root = section({ title: 'Mis solicitudes',
    description: 'El estado de los créditos que solicitaste y su historial.' }, list, detail);

  const open = async (id, { focus = true } = {}) => {
    replaceChildren(detail, skeleton({ cards: 0, lines: 4, label: 'Cargando la solicitud…' }));
    try {
      const application = await api.get(`/api/credit/applications/${encodeURIComponent(id)}`,
        { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      rewriteUrl(`${BASE}?solicitud=${encodeURIComponent(id)}`);
      replaceChildren(detail, applicationDetail(application));
      if (focus) {
        const heading = detail.querySelector('h3');
        heading.scrollIntoView({ block: 'start' });
        heading.focus({ preventScroll: true });
      }
    } catch (error) {
      if (isAbort(error)) return;
      replaceChildren(detail, notice('error', h('p', {}, error.status === 404
        ? 'No encontramos esa solicitud.' : error.message)));
    }
  };

  const load = async () => {
    try {
      const answer = await api.get('/api/credit/applications', { query: { limit: 50 },
        signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      const items = answer.items || [];
      replaceChildren(list, dataTable({
        caption: 'Mis solicitudes de crédito',
        captionHidden: true,
        columns: [
          { key: 'number', label: 'N°', phone: 'title',
            render: (row) => applicationNumber(row.number) },
          { key: 'created_at', label: 'Fecha', phone: 'meta', render: (row) => date(row.created_at) },
          { key: 'product_name', label: 'Tipo de crédito' },
          { key: 'amount', label: 'Monto', align: 'end', phone: 'amount',
            render: (row) => moneyText(row.amount) },
          { key: 'term_months', label: 'Plazo', align: 'end', render: (row) => `${row.term_months} meses` },
          { key: 'status', label: 'Estado', phone: 'status', render: (row) => statusBadge(row) },
          { key: 'id', label: 'Detalle', render: (row) => h('button', {
            type: 'button', className: 'button button-secondary',
            'aria-label': `Ver detalle de la solicitud ${applicationNumber(row.number)}`,
            on: { click: () => open(row.id) } }, 'Ver detalle') },
        ],
        rows: items,
        empty: 'Aún no tienes solicitudes. Calcula tus cuotas y usa «Solicitar crédito ahora».',
      }));
    } catch (error) {
      if (isAbort(error)) return;
      replaceChildren(list, errorState({ message: error.message, onRetry: load }));
    }
  };

  return { root, load, open };
}

/** "Solicitud N° … recibida": what happens next. */
function appliedNotice(application) {
  return notice('success',
    h('p', { className: 'credit-applied-title' },
      `Solicitud ${applicationNumber(application.number)} recibida`),
    h('p', {}, 'El personal de créditos la revisará y se comunicará contigo. ' +
      'Sigue su estado en «Mis solicitudes».'));
}

/**
 * «Solicitar crédito ahora»: the last calculation, confirmed, becomes an application; it then
 * opens in «Mis solicitudes». Without a calculation the form says to calculate first.
 */
async function applyForCredit(ctx, { applyButton, applied, form, mine, current }) {
  replaceChildren(applied);
  if (!current()) {
    form.alert.show('Primero calcula las cuotas con «Calcular cuotas»; luego podrás enviar ' +
      'la solicitud.', 'warning');
    form.focus();
    return;
  }
  const { simulation, payload, product } = current();
  const confirmed = await confirmDialog({
    title: 'Solicitar crédito',
    text: `Enviarás una solicitud de ${product.name} por ${money(simulation.amount)} a ` +
      `${simulation.term_months} meses, con una cuota de ${money(simulation.installment)}. ` +
      'El personal de créditos verá esta simulación y se comunicará contigo.',
    confirmLabel: 'Enviar solicitud',
  });
  if (!confirmed || !ctx.isCurrent()) return;
  await whileBusy(applyButton, async () => {
    try {
      const application = await api.post('/api/credit/applications', payload,
        { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      replaceChildren(applied, appliedNotice(application));
      applied.scrollIntoView({ block: 'nearest' });
      await mine.load();
      if (ctx.isCurrent()) await mine.open(application.id, { focus: false });
    } catch (error) {
      if (isAbort(error)) return;
      replaceChildren(applied);
      showApiError(error, form.alert, {});
      form.alert.root.scrollIntoView({ block: 'nearest' });
    }
  }, 'Enviando…');
}

/** On a phone the result lies below the form: bring its heading into view and focus it. */
function showResult(results) {
  const heading = results.querySelector('h2');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

export async function render(ctx) {
  const applyButton = h('button', { type: 'button', className: 'button' }, 'Solicitar crédito ahora');
  ctx.container.append(pageHeader({ title: 'Simulador de Crédito', today: todayIso(),
    subtitle: 'Calcula tu préstamo ideal' }));
  const loading = skeleton({ cards: 0, lines: 4 });
  ctx.container.append(loading);

  let products;
  try {
    products = (await api.get('/api/credit/products', { signal: ctx.signal })).items || [];
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return closeDialogs;
    loading.replaceWith(errorState({ message: error.message,
      onRetry: () => ctx.navigate(`${BASE}${window.location.search}`, { replace: true }) }));
    return closeDialogs;
  }
  if (!ctx.isCurrent()) return closeDialogs;

  let current = null; // {simulation, payload, product} of the last "Calcular cuotas"
  const results = h('div', { className: 'credit-layout credit-results', 'aria-live': 'polite' });
  const applied = h('div', { className: 'credit-applied' });
  const mine = applicationsSection(ctx);

  const form = parametersForm(ctx, products, {
    onResult(simulation, payload, product) {
      current = { simulation, payload, product };
      replaceChildren(applied);
      replaceChildren(results, resultView(simulation, product, payload, applyButton));
      showResult(results);
    },
    onStale() {
      if (!current) return;
      current = null;
      replaceChildren(results, notice('info', h('p', {},
        'Cambiaste los parámetros: vuelve a «Calcular cuotas» para ver la nueva tabla.')));
    },
  });

  applyButton.addEventListener('click', () => applyForCredit(ctx, { applyButton, applied, form,
    mine, current: () => current }));

  loading.replaceWith(
    h('div', { className: 'credit-layout' },
      applied,
      products.length
        ? card({ title: 'Parámetros del crédito' }, form.root)
        : card({ title: 'Parámetros del crédito' }, emptyState({
          text: 'No hay tipos de crédito disponibles en este momento. Inténtalo más tarde.' })),
      results,
      mine.root));

  await mine.load();
  const id = applicationIdFrom(ctx.query);
  if (id && ctx.isCurrent()) await mine.open(id);
  return closeDialogs;
}
