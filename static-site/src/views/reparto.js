// Reparto de casos (issue 17; GET /api/admin/routing, PUT /api/admin/routing/{kind}/{key}): who a
// new ticket or credit application goes to when it arrives. One table per kind of case (the
// buzón's categories, the credit products) with each queue's rule; «Editar» opens the queue's
// form below its table: the mode and the operators of the queue (in their order the turns go).

import { api, isAbort } from '../api.js';
import { adminErrorMessage, limaDateTime } from '../admin.js';
import { refusal } from '../admin-parts.js';
import { card, dataTable, errorState, notice, pageHeader, section, skeleton } from '../components.js';
import { h, replaceChildren, uid } from '../dom.js';
import { clearErrors, formAlert, selectField, showApiError, submitButton, whileBusy } from '../forms.js';
import { modeLabel, operatorsText, ruleBody, ruleProblem, rulePath } from '../routing.js';
import { isAdmin } from '../session.js';

const KINDS = [
  { kind: 'ticket', title: 'Mensajes (buzón)', column: 'Categoría',
    description: 'Cada ticket nuevo según su categoría.' },
  { kind: 'credit', title: 'Solicitudes de crédito', column: 'Tipo de crédito',
    description: 'Cada solicitud nueva según su producto.' },
];

/** The operators as ticked boxes; `values()` in the order of the list. */
function operatorsField(operators, chosen) {
  const legendId = uid('operadores');
  const errorId = `${legendId}-error`;
  const boxes = operators.map((operator) => {
    const id = uid('operador');
    const input = h('input', { id, type: 'checkbox', className: 'checkbox', name: 'operators',
      value: operator.id, checked: chosen.includes(operator.id), 'aria-describedby': errorId });
    return { input, node: h('label', { for: id }, input, ` ${operator.name}`) };
  });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('fieldset', { className: 'admin-checks' },
    h('legend', { id: legendId }, 'Operadores de la cola'),
    boxes.length ? boxes.map((box) => box.node) : h('p', {}, 'No hay operadores activos.'), error);
  return {
    root,
    input: boxes[0] ? boxes[0].input : root,
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

function ruleFields(queue, view) {
  return {
    mode: selectField({ label: 'Modo de reparto', name: 'mode', value: queue.mode,
      options: view.modes.map((mode) => ({ value: mode.value, label: mode.label })) }),
    operators: operatorsField(view.operators, queue.operators.map((o) => o.id)),
  };
}

/** The form of one queue; `onSaved(queue)` gets the queue as the API saved it. */
function ruleForm(ctx, queue, view, { onSaved, onCancel }) {
  const fields = ruleFields(queue, view);
  const alert = formAlert();
  const button = submitButton('Guardar reparto', { className: 'button' });
  const cancel = h('button', { type: 'button', className: 'button button-secondary' }, 'Cancelar');
  cancel.addEventListener('click', onCancel);
  const form = h('form', { className: 'form', novalidate: true,
    'aria-label': `Reparto de ${queue.label}` },
  alert.root, fields.mode.root, fields.operators.root,
  h('p', { className: 'admin-muted' }, 'Por turnos: los casos nuevos van a cada operador marcado, '
    + 'uno tras otro; cola compartida: los operadores marcados ven los casos sin asignar y los toman.'),
  h('div', { className: 'admin-actions' }, button, cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const mode = fields.mode.input.value;
    const operators = fields.operators.values();
    const problem = ruleProblem(mode, operators);
    if (problem) {
      fields.operators.setError(problem);
      return;
    }
    await whileBusy(button, async () => {
      try {
        const saved = await api.put(rulePath(queue), ruleBody(mode, operators), { signal: ctx.signal });
        if (ctx.isCurrent()) onSaved(saved);
      } catch (error) {
        if (isAbort(error)) return;
        showApiError({ fields: error.fields || {}, message: adminErrorMessage(error) }, alert, fields);
      }
    }, 'Guardando…');
  });
  return card({ title: `Editar reparto: ${queue.label}`, className: 'routing-form' }, form);
}

function queueTable(kind, queues, onEdit) {
  return dataTable({
    caption: `Reparto de ${kind.title.toLowerCase()}`, captionHidden: true,
    rows: queues,
    columns: [
      { key: 'label', label: kind.column, phone: 'title' },
      { key: 'mode', label: 'Reparto', render: (queue) => modeLabel(queue.mode) },
      { key: 'operators', label: 'Operadores', render: (queue) => operatorsText(queue.operators) },
      { key: 'updated_at', label: 'Actualizado', phone: 'meta',
        render: (queue) => (queue.updated_at ? limaDateTime(queue.updated_at) : '—') },
      { key: 'edit', label: 'Acción', render: (queue) => {
        const button = h('button', { type: 'button', className: 'button button-secondary',
          'aria-label': `Editar el reparto de ${queue.label}` }, 'Editar');
        button.addEventListener('click', () => onEdit(queue, button));
        return button;
      } },
    ],
  });
}

/** One kind's section: its table, the form being edited and the last saved notice. */
function kindSection(ctx, kind, view) {
  let queues = view.queues.filter((queue) => queue.kind === kind.kind);
  const tableHolder = h('div', {});
  const formHolder = h('div', {});
  const status = h('div', { className: 'admin-status', tabindex: '-1' });
  const draw = () => replaceChildren(tableHolder, queueTable(kind, queues, edit));
  function edit(queue, opener) {
    replaceChildren(status);
    const close = () => {
      replaceChildren(formHolder);
      opener.focus();
    };
    const onSaved = (saved) => {
      queues = queues.map((item) => (item.key === saved.key ? saved : item));
      replaceChildren(formHolder);
      draw();
      replaceChildren(status, notice('success', h('p', {},
        `Reparto guardado: ${saved.label} — ${modeLabel(saved.mode)}.`)));
      status.focus();
    };
    replaceChildren(formHolder, ruleForm(ctx, queue, view, { onSaved, onCancel: close }));
    formHolder.querySelector('select')?.focus();
  }
  draw();
  return section({ title: kind.title, description: kind.description },
    status, card({}, tableHolder), formHolder);
}

export async function render(ctx) {
  const title = 'Reparto de casos';
  if (!isAdmin(ctx.session)) return refusal(title);
  const holder = h('div', {}, skeleton({ cards: 2, lines: 6 }));
  ctx.container.append(
    pageHeader({ title, subtitle: 'A quién llega cada ticket y cada solicitud nueva' }),
    notice('info', h('p', {}, 'Sin reparto, un caso nuevo espera a que un administrador lo asigne. '
      + 'El operador que recibe un caso por turnos es avisado por correo; un administrador puede '
      + 'reasignarlo siempre.')),
    holder);
  const load = async () => {
    try {
      const view = await api.get('/api/admin/routing', { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      replaceChildren(holder, ...KINDS.map((kind) => kindSection(ctx, kind, view)));
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(holder, errorState({ message: adminErrorMessage(error), onRetry: load }));
    }
  };
  await load();
}
