// Reclamaciones (staff, issue 18): the Libro de Reclamaciones' queue.
//
//   /reclamaciones                  admins: every sheet not yet answered, earliest due date
//                                   first (?estado=respondidas: those answered in the last 90
//                                   days); operators: the sheets assigned to them. Each row says
//                                   how many business days are left («Vence en 3 días hábiles»,
//                                   «Vencido hace 2 días hábiles»).
//   /reclamaciones?hoja=<code>      one sheet: what the consumer wrote, «Asignar» (admins) and
//                                   «Responder» (the assigned operator or an admin): the answer is
//                                   e-mailed to the consumer and shown on the public status page.

import '../styles/complaints.css';
import { api, isAbort } from '../api.js';
import { assignCard } from '../assign-card.js';
import {
  card, closeDialogs, confirmDialog, dataTable, errorState, notice, pageHeader, skeleton,
} from '../components.js';
import { dueTone, kindLabel, statusLabel, statusTone } from '../complaints.js';
import { complaintsExport } from '../complaints-export.js';
import { h, replaceChildren } from '../dom.js';
import { date, dateTime } from '../format.js';
import { clearErrors, formAlert, selectField, showApiError, textareaField, whileBusy } from '../forms.js';
import { activeOperators } from '../operators.js';
import { isAdmin } from '../session.js';

const BASE = '/reclamaciones';
const PATH = '/api/tickets/complaints';
const CODE_RE = /^R-\d{4}-\d{6,}$/;

function badge(tone, text) {
  return h('span', { className: `status-badge status-badge-${tone}` }, text);
}

function dueBadge(row) {
  if (row.days_left === null || row.days_left === undefined) return '—';
  return badge(dueTone(row.days_left), row.due_label);
}

function complaintsTable(rows, { admin, answered }) {
  return dataTable({
    caption: admin ? 'Hojas del Libro de Reclamaciones' : 'Hojas de reclamación asignadas a ti',
    captionHidden: true, className: 'rows-are-links',
    columns: [
      { key: 'code', label: 'Código', phone: 'title', render: (row) => h('a', {
        href: `${BASE}?hoja=${encodeURIComponent(row.code)}`, className: 'row-link',
        'aria-label': `Ver hoja ${row.code}` }, row.code) },
      { key: 'kind', label: 'Tipo', render: (row) => kindLabel(row.kind) },
      { key: 'received_on', label: 'Recibido', phone: 'meta', render: (row) => date(row.received_on) },
      { key: 'due_on', label: 'Vence', render: (row) => h('span', { className: 'complaint-due' },
        date(row.due_on), answered ? null : dueBadge(row)) },
      answered ? { key: 'answered_at', label: 'Respondido', render: (row) => dateTime(row.answered_at) } : null,
      { key: 'status', label: 'Estado', phone: 'status',
        render: (row) => badge(statusTone(row.status), statusLabel(row.status)) },
      { key: 'assignee_name', label: 'Responsable', render: (row) => row.assignee_name || 'Sin asignar' },
    ].filter(Boolean),
    rows,
    empty: emptyText(admin, answered),
  });
}

function emptyText(admin, answered) {
  if (answered) return 'No hay hojas respondidas para mostrar.';
  return admin ? 'No hay reclamos ni quejas pendientes de respuesta.'
    : 'No tienes hojas de reclamación pendientes. Un administrador te las asignará.';
}

async function listView(ctx, admin) {
  const answered = ctx.query.get('estado') === 'respondidas';
  const filter = selectField({ label: 'Mostrar', name: 'estado', value: answered ? 'respondidas' : '',
    options: [{ value: '', label: 'Pendientes de respuesta' }, { value: 'respondidas', label: 'Respondidas' }] });
  filter.input.addEventListener('change', () => {
    ctx.navigate(filter.input.value ? `${BASE}?estado=${filter.input.value}` : BASE, { replace: true });
  });
  const body = h('div', {}, skeleton({ cards: 1, lines: 5 }));
  ctx.container.append(h('form', { className: 'credit-filters', role: 'search',
    'aria-label': 'Filtrar hojas', on: { submit: (event) => event.preventDefault() } }, filter.root),
  card({}, body));
  try {
    const page = await api.get(PATH, { query: answered ? { state: 'answered' } : {}, signal: ctx.signal });
    if (!ctx.isCurrent()) return;
    replaceChildren(body, complaintsTable(page.items, { admin, answered }));
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(body, errorState({ message: error.message, onRetry: () => ctx.navigate(BASE, { replace: true }) }));
  }
}

// --- one sheet ---------------------------------------------------------------------------------

function sheetAssignCard(ctx, sheet, operators, onChanged) {
  return assignCard(ctx, { case: sheet, operators, noun: 'Hoja', onChanged,
    url: `${PATH}/${encodeURIComponent(sheet.code)}/assign` });
}

function answerCard(ctx, sheet, onChanged) {
  const field = textareaField({ label: 'Respuesta al consumidor', name: 'answer', rows: 7,
    maxlength: 5000, className: 'credit-textarea',
    hint: 'Se enviará al correo del consumidor y se mostrará en la consulta pública de estado.' });
  const alert = formAlert();
  const button = h('button', { type: 'submit', className: 'button' }, 'Enviar respuesta');
  const form = h('form', { className: 'form', novalidate: true }, alert.root, field.root,
    h('div', { className: 'credit-form-actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, { answer: field });
    const text = field.input.value.trim();
    if (text.length < 10) {
      field.setError('Escribe una respuesta de al menos 10 caracteres.');
      field.input.focus();
      return;
    }
    const confirmed = await confirmDialog({ title: 'Enviar respuesta',
      text: `La respuesta a la hoja ${sheet.code} se enviará al correo del consumidor y ya no podrá cambiarse.`,
      confirmLabel: 'Enviar' });
    if (!confirmed || !ctx.isCurrent()) return;
    await whileBusy(button, async () => {
      try {
        const answer = await api.post(`${PATH}/${encodeURIComponent(sheet.code)}/answer`,
          { answer: text }, { signal: ctx.signal });
        if (ctx.isCurrent()) onChanged(answer, 'Respuesta enviada al consumidor.');
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, { answer: field });
      }
    }, 'Enviando…');
  });
  return card({ title: 'Responder' }, form);
}

function sheetFacts(sheet) {
  return h('dl', { className: 'complaint-lines' }, sheet.lines.map((line) => h('div', {},
    h('dt', {}, line.label), h('dd', {}, line.value))));
}

function answerFacts(sheet) {
  if (!sheet.answer) return null;
  return card({ title: 'Respuesta' },
    h('p', { className: 'complaint-meta' }, `${sheet.answered_by || ''} · ${dateTime(sheet.answered_at)}`),
    ...sheet.answer.split(/\n+/).map((paragraph) => h('p', {}, paragraph)));
}

function statusLine(sheet) {
  return h('p', { className: 'complaint-status-line' },
    badge(statusTone(sheet.status), statusLabel(sheet.status)), ' ',
    sheet.days_left !== null && sheet.days_left !== undefined ? dueBadge(sheet) : null, ' ',
    `Responsable: ${sheet.assignee_name || 'sin asignar'}`);
}

async function loadSheet(ctx, code, admin) {
  const operators = admin ? activeOperators(ctx.signal).catch((error) => {
    if (isAbort(error)) throw error;
    return [];
  }) : Promise.resolve([]);
  return Promise.all([api.get(`${PATH}/${encodeURIComponent(code)}`, { signal: ctx.signal }), operators]);
}

function canAnswer(ctx, sheet, admin) {
  return sheet.status !== 'respondido' && (admin || sheet.assignee_id === ctx.session.user.id);
}

async function detailView(ctx, code, admin) {
  const back = h('p', { className: 'credit-back' }, h('a', { href: BASE }, '← Volver a las reclamaciones'));
  const holder = h('div', { className: 'credit-layout' }, skeleton({ cards: 2, lines: 4 }));
  ctx.container.append(back, holder);
  let loaded;
  try {
    loaded = await loadSheet(ctx, code, admin);
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(holder, error.status === 404
      ? notice('error', h('p', {}, 'La hoja no existe o no está asignada a ti.'))
      : errorState({ message: error.message, onRetry: () => ctx.navigate(`${BASE}?hoja=${code}`, { replace: true }) }));
    return;
  }
  if (!ctx.isCurrent()) return;
  const [sheet, operators] = loaded;
  const draw = (current, message = null) => {
    const onChanged = (answer, text) => {
      draw(answer, text);
      holder.querySelector('.credit-change-notice')?.focus();
    };
    const title = `${kindLabel(current.kind)} ${current.code}`;
    ctx.setTitle(title);
    replaceChildren(holder,
      pageHeader({ title, subtitle: current.consumer_name }),
      message ? h('div', { className: 'credit-change-notice', tabindex: '-1' },
        notice('success', h('p', {}, message))) : null,
      statusLine(current),
      h('div', { className: 'credit-detail-grid' },
        card({ title: 'Hoja de reclamación' }, sheetFacts(current)),
        h('div', { className: 'credit-layout' },
          admin && current.status !== 'respondido' ? sheetAssignCard(ctx, current, operators, onChanged) : null,
          canAnswer(ctx, current, admin) ? answerCard(ctx, current, onChanged) : null,
          answerFacts(current))));
  };
  draw(sheet);
  holder.querySelector('h1')?.focus({ preventScroll: true });
}

export async function render(ctx) {
  const admin = isAdmin(ctx.session);
  const code = String(ctx.query.get('hoja') || '').trim().toUpperCase();
  if (CODE_RE.test(code)) {
    await detailView(ctx, code, admin);
    return closeDialogs;
  }
  ctx.container.append(pageHeader({ title: 'Reclamaciones',
    subtitle: admin ? 'Libro de Reclamaciones: asigna cada hoja a un operador y vigila su plazo legal'
      : 'Las hojas del Libro de Reclamaciones asignadas a ti' }));
  if (admin) ctx.container.append(complaintsExport(ctx));
  await listView(ctx, admin);
  return closeDialogs;
}
