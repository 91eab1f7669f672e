// «Asignar»: the card an admin uses to hand a case to an operator (Solicitudes, Beneficiarios,
// Reclamaciones). The current assignee stays a choice even when no longer in the active list,
// so the select never shows a blank for the person who holds the case.

import { api, isAbort } from './api.js';
import { card } from './components.js';
import { h } from './dom.js';
import { clearErrors, formAlert, selectField, showApiError, whileBusy } from './forms.js';

function operatorOptions(operators, assigneeId, assigneeName) {
  const options = operators.map((user) => ({ value: user.id, label: user.name }));
  if (assigneeId && !options.some((option) => option.value === assigneeId)) {
    options.push({ value: assigneeId, label: assigneeName || assigneeId });
  }
  return options;
}

/**
 * @param ctx the view's context (signal, isCurrent)
 * @param c.case the case: {assignee_id, assignee_name}
 * @param c.operators [{id, name}] from operators.js
 * @param c.url the POST route that assigns ({operator_id})
 * @param c.noun what is assigned, capitalised («Solicitud», «Hoja»), for the notice
 * @param c.onChanged (answer, notice) once assigned
 */
export function assignCard(ctx, { case: current, operators, url, noun, onChanged,
  label = 'Operador', missing = 'Elige un operador.', hint = null }) {
  const options = operatorOptions(operators, current.assignee_id, current.assignee_name);
  const field = selectField({ label, name: 'operator_id', options,
    value: current.assignee_id || '',
    placeholder: options.length ? 'Elige un operador' : 'No hay operadores disponibles',
    hint, disabled: !options.length });
  const alert = formAlert();
  const button = h('button', { type: 'submit', className: 'button', disabled: !options.length },
    current.assignee_id ? 'Reasignar' : 'Asignar');
  const form = h('form', { className: 'form', novalidate: true }, alert.root, field.root,
    h('div', { className: 'credit-form-actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, { operator_id: field });
    if (!field.input.value) {
      field.setError(missing);
      field.input.focus();
      return;
    }
    await whileBusy(button, async () => {
      try {
        const answer = await api.post(url, { operator_id: field.input.value },
          { signal: ctx.signal });
        if (ctx.isCurrent()) onChanged(answer, `${noun} asignada a ${answer.assignee_name || 'el operador'}.`);
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, { operator_id: field });
      }
    }, 'Asignando…');
  });
  return card({ title: 'Asignar' }, form);
}
