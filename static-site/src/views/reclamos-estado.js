// «Estado de tu reclamo» (/reclamos/estado?codigo=, issue 18): whoever filed a sheet of the
// Libro de Reclamaciones types its code and their DNI (or CE) and sees its state (recibido, en
// atención, respondido), its dates and, once answered, the answer. Public; a wrong code and a
// wrong document are the same «not found» (the server says so, never which one).
//
// POST /api/tickets/complaints/status {code, document_number} → 200 | 404 | 429.

import '../styles/complaints.css';
import { api } from '../api.js';
import { notice } from '../components.js';
import { COMPLAINTS_PATH, kindLabel, statusLabel, statusTone } from '../complaints.js';
import { h, replaceChildren } from '../dom.js';
import { date, dateTime } from '../format.js';
import {
  formAlert, inputField, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';

export function render(ctx) {
  const code = inputField({ label: 'Código de la hoja', name: 'code', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: 20,
    hint: 'Está en la copia que te enviamos, por ejemplo R-2026-000123.',
    value: ctx.query.get('codigo') || '' });
  const documentNumber = inputField({ label: 'DNI o carné de extranjería', name: 'document_number',
    autocomplete: 'off', maxlength: 12 });
  const alert = formAlert();
  const button = submitButton('Consultar');
  const result = h('div', { className: 'complaint-result', 'aria-live': 'polite' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-estado' },
    alert.root, code.root, documentNumber.root, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check(ctx, { code, documentNumber, alert, button, result });
  });
  ctx.container.append(
    h('h1', { className: 'auth-title', id: 'titulo-estado', tabindex: '-1' }, 'Estado de tu reclamo'),
    h('p', { className: 'auth-lead' }, 'Consulta cómo va tu reclamo o queja del Libro de '
      + 'Reclamaciones con su código y el documento con el que lo registraste.'),
    form, result,
    h('p', { className: 'auth-links' }, h('a', { href: COMPLAINTS_PATH }, 'Registrar un reclamo o queja')));
}

function check(ctx, { code, documentNumber, alert, button, result }) {
  alert.clear();
  replaceChildren(result);
  const codeText = code.input.value.trim().toUpperCase();
  const documentText = documentNumber.input.value.trim().toUpperCase();
  const valid = requireFields([
    [code, codeText ? '' : 'Escribe el código de la hoja.'],
    [documentNumber, documentText ? '' : 'Escribe tu DNI o carné de extranjería.'],
  ]);
  if (!valid) return;
  whileBusy(button, async () => {
    try {
      const answer = await api.post('/api/tickets/complaints/status',
        { code: codeText, document_number: documentText }, { redirectOn401: false });
      if (!ctx.isCurrent()) return;
      replaceChildren(result, statusOf(answer));
    } catch (error) {
      if (!ctx.isCurrent()) return;
      showApiError(error, alert, { code, document_number: documentNumber });
    }
  }, 'Consultando…');
}

function statusOf(answer) {
  return h('section', { 'aria-labelledby': 'titulo-resultado-reclamo' },
    h('h2', { id: 'titulo-resultado-reclamo', className: 'complaint-subtitle' },
      `${kindLabel(answer.kind)} ${answer.code}`),
    h('p', {}, h('span', { className: `status-badge status-badge-${statusTone(answer.status)}` },
      statusLabel(answer.status))),
    h('dl', { className: 'complaint-facts' },
      h('div', {}, h('dt', {}, 'Registrado el'), h('dd', {}, date(answer.received_on))),
      h('div', {}, h('dt', {}, 'Fecha límite de respuesta'), h('dd', {}, date(answer.due_on))),
      answer.answered_at
        ? h('div', {}, h('dt', {}, 'Respondido el'), h('dd', {}, dateTime(answer.answered_at)))
        : null),
    answer.answer
      ? h('div', { className: 'complaint-answer' }, h('h3', {}, 'Respuesta de la cooperativa'),
        ...answer.answer.split(/\n+/).map((paragraph) => h('p', {}, paragraph)))
      : notice('info', 'Aún no hay respuesta. Te la enviaremos al correo que indicaste.'));
}
