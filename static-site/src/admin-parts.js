// The parts the administration screens share: a coloured badge, the refusal for non-admin
// sessions and the dialog with one field to choose.
// Text goes in only as text nodes (dom.js).

import './styles/admin.css';

import { notice, pageHeader } from './components.js';
import { append, h, uid } from './dom.js';

/** A state as a coloured pill ("Activo", "Completada", "Éxito"). */
export function badge({ label, tone = 'neutral' }) {
  return h('span', { className: `admin-badge status-badge status-badge-${tone}` }, label);
}

/** The router already keeps these screens out of other roles' menus; this is the second lock
 * (a stale session, a 403 of the API): a Spanish refusal instead of the screen. */
export function refusal(title, text = 'Esta sección es solo para administradores.') {
  return [pageHeader({ title }), notice('error', h('p', {}, 'No tienes permiso para ver esta página.'),
    h('p', {}, text))];
}

/**
 * A confirmation dialog with one field to choose (the new role): resolves with the field's value,
 * or null when cancelled. `field` is a field API ({root, input}); `validate(value)` answers the
 * field's error ('' when right).
 */
export function choiceDialog({ title, text, field, confirmLabel = 'Confirmar',
  validate = (value) => (value ? '' : 'Elige una opción.') }) {
  return new Promise((resolve) => {
    const titleId = uid('dialogo');
    const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': titleId });
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const form = h('form', { className: 'form', novalidate: true },
      h('p', {}, text), field.root,
      h('div', { className: 'dialog-actions' },
        h('button', { type: 'button', className: 'button button-secondary',
          on: { click: () => close(null) } }, 'Cancelar'),
        h('button', { type: 'submit', className: 'button' }, confirmLabel)));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = validate(field.input.value);
      if (problem) {
        field.setError(problem);
        field.input.focus();
        return;
      }
      close(field.input.value);
    });
    append(dialog, h('h2', { className: 'dialog-title', id: titleId }, title), form);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
