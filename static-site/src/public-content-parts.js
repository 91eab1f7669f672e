// The admin's editors of «Contenido público» (issue 18): a list of rows, each a fieldset of
// inputs with «Quitar», «Agregar» under the list, and the body and field names the API expects
// (`rates[0].rate`, `agencies[1].phones`...), so each of its messages lands under its input.

import { h, replaceChildren } from './dom.js';

/**
 * A growing list of fieldsets. `makeRow(values)` returns `{fields: {key: fieldApi}, read()}`;
 * `legend(index, row)` names each fieldset. Returns {root, rows(), fieldsByName(prefix)}.
 */
export function rowList({ items, makeRow, legend, addLabel, removeLabel, className = '' }) {
  const rows = [];
  const holder = h('div', { className: 'content-rows' });
  const draw = () => replaceChildren(holder, rows.map((row, index) => {
    row.legend.textContent = legend(index, row);
    return row.root;
  }));
  const add = (values, focus = false) => {
    const row = makeRow(values);
    row.legend = h('legend', {});
    const remove = h('button', { type: 'button', className: 'button button-secondary content-row-remove' },
      removeLabel);
    row.root = h('fieldset', { className: `content-row ${className}`.trim() }, row.legend,
      h('div', { className: 'admin-form-grid' }, Object.values(row.fields).map((field) => field.root)),
      remove);
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      draw();
    });
    rows.push(row);
    draw();
    if (focus) Object.values(row.fields)[0].input.focus();
  };
  for (const item of items) add(item);
  const addButton = h('button', { type: 'button', className: 'button button-secondary' }, addLabel);
  addButton.addEventListener('click', () => add({}, true));
  return {
    root: h('div', {}, holder, h('div', { className: 'admin-actions' }, addButton)),
    rows: () => rows,
    fieldsByName(prefix) {
      const named = {};
      rows.forEach((row, index) => {
        for (const [key, field] of Object.entries(row.fields)) named[`${prefix}[${index}].${key}`] = field;
      });
      return named;
    },
    clearErrors() {
      for (const row of rows) for (const field of Object.values(row.fields)) field.clearError();
    },
  };
}

/** "(01) 555-0100, (01) 555-0101" → ["(01) 555-0100", "(01) 555-0101"]. */
export function splitPhones(text) {
  return String(text || '').split(/[,;\n]/).map((phone) => phone.trim()).filter(Boolean);
}
