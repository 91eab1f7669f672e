// «Libro de Reclamaciones» (/libro-de-reclamaciones, issue 18): the virtual complaints book the
// Reglamento (D.S. 011-2011-PCM) asks of a provider that serves people online. Public: anyone
// files a sheet; a signed-in member finds their name, DNI and e-mail already typed, and the sheet
// is linked to their account. On success the screen shows the sheet (code, date, due date) with a
// «Descargar copia (PDF)» link; the same PDF goes to the e-mail given.
//
// POST /api/tickets/complaints → 201 {code, received_at, due_on, lines, copy {file_name, data}}.

import '../styles/complaints.css';
import { api } from '../api.js';
import { notice } from '../components.js';
import {
  COMPLAINT_STATUS_PATH, KIND_EXPLANATIONS, KIND_LABELS, PRODUCT_OPTIONS, bytesOf, complaintBody,
  prefillFrom,
} from '../complaints.js';
import { h, replaceChildren, uid } from '../dom.js';
import { date, dateTime } from '../format.js';
import {
  checkboxField, fieldApi, formAlert, inputField, selectField, showApiError, submitButton,
  textareaField, whileBusy,
} from '../forms.js';

function identityFields(prefill) {
  return {
    full_name: inputField({ label: 'Nombres y apellidos', name: 'full_name', autocomplete: 'name',
      maxlength: 150, value: prefill.full_name || '' }),
    document_type: selectField({ label: 'Tipo de documento', name: 'document_type',
      options: [{ value: 'dni', label: 'DNI' }, { value: 'ce', label: 'Carné de extranjería' }] }),
    document_number: inputField({ label: 'Número de documento', name: 'document_number',
      inputmode: 'text', autocomplete: 'off', maxlength: 12, value: prefill.document_number || '' }),
    address: inputField({ label: 'Domicilio', name: 'address', autocomplete: 'street-address',
      maxlength: 200 }),
    phone: inputField({ label: 'Teléfono', name: 'phone', type: 'tel', autocomplete: 'tel',
      maxlength: 20 }),
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'email', maxlength: 254, value: prefill.email || '',
      hint: 'Te enviaremos aquí la copia de la hoja y la respuesta.' }),
    is_minor: checkboxField({ label: 'El consumidor es menor de edad', name: 'is_minor' }),
    guardian_name: inputField({ label: 'Nombre del padre, madre o apoderado', name: 'guardian_name',
      maxlength: 150 }),
  };
}

/** «Reclamo» or «Queja», each with what it means (the difference the law draws). */
function kindField() {
  const id = uid('campo-kind');
  const errorId = `${id}-error`;
  const options = Object.keys(KIND_LABELS).map((kind) => {
    const optionId = `${id}-${kind}`;
    return h('div', { className: 'complaint-kind' },
      h('input', { type: 'radio', name: 'kind', value: kind, id: optionId, className: 'radio',
        'aria-describedby': `${optionId}-ayuda ${errorId}` }),
      h('label', { for: optionId }, h('strong', {}, KIND_LABELS[kind])),
      h('p', { className: 'field-hint', id: `${optionId}-ayuda` }, KIND_EXPLANATIONS[kind]));
  });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('fieldset', { className: 'field complaint-kinds' },
    h('legend', { className: 'label' }, 'Tipo'), ...options, error);
  const api = fieldApi(root, options[0].querySelector('input'), error);
  api.value = () => root.querySelector('input[name="kind"]:checked')?.value || '';
  return api;
}

function claimFields() {
  return {
    product: selectField({ label: 'Producto o servicio', name: 'product', options: PRODUCT_OPTIONS,
      placeholder: 'Elige una opción' }),
    amount: inputField({ label: 'Monto reclamado (S/, opcional)', name: 'amount',
      inputmode: 'decimal', maxlength: 15, hint: 'Déjalo vacío si no hay un monto en discusión.' }),
    kind: kindField(),
    detail: textareaField({ label: 'Detalle', name: 'detail', rows: 5, maxlength: 3000,
      hint: 'Cuéntanos qué pasó: fechas, montos y cualquier dato que nos ayude a revisarlo.' }),
    request: textareaField({ label: 'Pedido', name: 'request', rows: 3, maxlength: 1000,
      hint: '¿Qué solución esperas de la cooperativa?' }),
    accepts_email_answer: checkboxField({ name: 'accepts_email_answer',
      label: 'Acepto que la respuesta se envíe al correo electrónico indicado.' }),
  };
}

function valuesOf(fields) {
  const values = {};
  for (const [name, field] of Object.entries(fields)) {
    if (name === 'kind') values.kind = field.value();
    else if (field.input.type === 'checkbox') values[name] = field.input.checked;
    else values[name] = field.input.value;
  }
  return values;
}

function fieldsetOf(title, ...roots) {
  return h('fieldset', { className: 'complaint-section' },
    h('legend', { className: 'complaint-legend' }, title), ...roots);
}

function formOf(fields, alert, button) {
  const identity = ['full_name', 'document_type', 'document_number', 'address', 'phone', 'email',
    'is_minor', 'guardian_name'].map((name) => fields[name].root);
  const claim = ['product', 'amount'].map((name) => fields[name].root);
  const detail = ['kind', 'detail', 'request'].map((name) => fields[name].root);
  return h('form', { className: 'form complaint-form', novalidate: true,
    'aria-labelledby': 'titulo-libro' }, alert.root,
  fieldsetOf('1. Identificación del consumidor', ...identity),
  fieldsetOf('2. Identificación del bien contratado', ...claim),
  fieldsetOf('3. Detalle de la reclamación y pedido del consumidor', ...detail),
  fields.accepts_email_answer.root, button);
}

export function render(ctx) {
  const fields = { ...identityFields(prefillFrom(ctx.session)), ...claimFields() };
  const guardian = fields.guardian_name.root;
  guardian.hidden = true;
  fields.is_minor.input.addEventListener('change', () => {
    guardian.hidden = !fields.is_minor.input.checked;
  });
  const alert = formAlert();
  const button = submitButton('Enviar hoja de reclamación');
  const form = formOf(fields, alert, button);
  const page = h('div', { className: 'complaint-page' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(ctx, { fields, alert, button, page });
  });
  replaceChildren(page, intro(), form);
  ctx.container.append(page);
}

function intro() {
  return h('div', {},
    h('h1', { className: 'auth-title', id: 'titulo-libro', tabindex: '-1' }, 'Libro de Reclamaciones'),
    h('p', { className: 'auth-lead' }, 'Conforme al Código de Protección y Defensa del Consumidor, '
      + 'COOPAC PETROPERÚ cuenta con un Libro de Reclamaciones virtual a tu disposición. '
      + 'Responderemos dentro del plazo legal, en días hábiles, al correo que indiques.'),
    h('p', {}, '¿Ya registraste uno? ',
      h('a', { href: COMPLAINT_STATUS_PATH }, 'Consulta el estado de tu reclamo')));
}

function submit(ctx, { fields, alert, button, page }) {
  for (const field of Object.values(fields)) field.clearError();
  alert.clear();
  whileBusy(button, async () => {
    try {
      const sheet = await api.post('/api/tickets/complaints', complaintBody(valuesOf(fields)),
        { redirectOn401: false });
      if (!ctx.isCurrent()) return;
      replaceChildren(page, filedSheet(sheet));
      page.querySelector('h1')?.focus();
    } catch (error) {
      if (!ctx.isCurrent()) return;
      showApiError(error, alert, fields);
    }
  }, 'Enviando…');
}

function copyLink(copy) {
  const url = URL.createObjectURL(new Blob([bytesOf(copy.data)], { type: copy.content_type }));
  return h('a', { className: 'button', href: url, download: copy.file_name }, 'Descargar copia (PDF)');
}

function filedSheet(sheet) {
  return h('section', { className: 'complaint-sheet', 'aria-labelledby': 'titulo-hoja' },
    h('h1', { className: 'auth-title', id: 'titulo-hoja', tabindex: '-1' },
      `Hoja de reclamación ${sheet.code}`),
    notice('success', h('strong', {}, 'Registramos tu hoja de reclamación. '),
      `Enviamos una copia a ${sheet.email}.`),
    h('dl', { className: 'complaint-facts' },
      h('div', {}, h('dt', {}, 'Código'), h('dd', {}, sheet.code)),
      h('div', {}, h('dt', {}, 'Fecha de registro'), h('dd', {}, dateTime(sheet.received_at))),
      h('div', {}, h('dt', {}, 'Fecha límite de respuesta'), h('dd', {}, date(sheet.due_on)))),
    h('p', { className: 'complaint-actions' }, copyLink(sheet.copy), ' ',
      h('a', { href: `${COMPLAINT_STATUS_PATH}?codigo=${encodeURIComponent(sheet.code)}` },
        'Consultar el estado')),
    h('h2', { className: 'complaint-subtitle' }, 'Contenido de la hoja'),
    h('dl', { className: 'complaint-lines' }, sheet.lines.map((line) => h('div', {},
      h('dt', {}, line.label), h('dd', {}, line.value)))));
}
