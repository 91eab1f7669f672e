// Configuración — «Alertas por correo» (issue 18): one checkbox per alert the account may
// receive (members: installment about to fall due, installment overdue, fixed deposit about to
// mature, new sign-in; staff: only the sign-in one), all on until turned off.
//
// GET /api/auth/alerts lists them with their Spanish labels; «Guardar alertas» sends
// PUT /api/auth/alerts with each kind's state and shows the list as stored.

import { api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { checkboxField, formAlert, showApiError, submitButton, whileBusy } from '../forms.js';
import { settingsCard, statusLine } from './configuracion-parts.js';

export const SAVED = 'Tus preferencias de alertas se guardaron.';

/** What the form sends: {kind: checked} for every box (exported for the node tests). */
export function alertChanges(fields) {
  return Object.fromEntries(fields.map(({ kind, field }) => [kind, field.input.checked]));
}

function drawForm(state, alerts) {
  state.fields = alerts.map((alert) => ({
    kind: alert.kind,
    field: checkboxField({ label: alert.label, name: alert.kind, checked: alert.enabled }),
  }));
  replaceChildren(state.boxes, ...state.fields.map(({ field }) => field.root));
}

function alertsForm(state) {
  const button = submitButton('Guardar alertas', { className: 'button button-primary' });
  const form = h('form', { className: 'form', novalidate: true },
    h('fieldset', { className: 'fieldset' },
      h('legend', {}, 'Quiero recibir un correo cuando:'), state.boxes),
    state.alert.root, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.status.clear();
    state.alert.clear();
    whileBusy(button, async () => {
      try {
        const saved = await api.put('/api/auth/alerts', alertChanges(state.fields));
        drawForm(state, saved.alerts);
        state.status.show(SAVED);
      } catch (error) {
        showApiError(error, state.alert);
      }
    }, 'Guardando…');
  });
  return form;
}

async function load(ctx, state) {
  try {
    const { alerts } = await api.get('/api/auth/alerts', { signal: ctx.signal });
    if (ctx.isCurrent()) drawForm(state, alerts);
  } catch (error) {
    if (ctx.isCurrent()) state.alert.show((error && error.message) || 'No se pudieron cargar tus alertas.');
  }
}

export function alertsCard(ctx) {
  const card = settingsCard({ title: 'Alertas por correo', id: 'alertas',
    subtitle: 'Te avisamos antes de que venza una cuota o tu plazo fijo' });
  const state = { status: statusLine(), alert: formAlert(), boxes: h('div', {}), fields: [] };
  card.body.append(
    h('p', {}, 'Los avisos de cuotas y de plazo fijo se envían cada mañana a tu correo ' +
      'registrado. Desmarca los que no quieras recibir.'),
    alertsForm(state), state.status.root);
  load(ctx, state);
  return card.root;
}
