// «Cola compartida» (issue 17): the unassigned cases of the operator's shared queues, above their
// list in Mensajes and Solicitudes, each with «Tomar». Taking opens the case; when another person
// took it first the queue is read again and says so. Nothing shows while the queue is empty.

import { api, isAbort } from './api.js';
import { card, dataTable, notice } from './components.js';
import { h, replaceChildren } from './dom.js';
import { whileBusy } from './forms.js';
import { dateTime, money } from './format.js';
import { takeErrorMessage } from './routing.js';

const KINDS = {
  ticket: {
    list: '/api/tickets/queue',
    take: (id) => `/api/tickets/${encodeURIComponent(id)}/take`,
    open: (id) => `/mensajes?ticket=${encodeURIComponent(id)}`,
    name: (item) => `ticket N° ${item.number}`,
    columns: [
      { key: 'number', label: 'N°', phone: 'title', render: (item) => `N° ${item.number}` },
      { key: 'subject', label: 'Asunto' },
      { key: 'category_label', label: 'Categoría' },
    ],
  },
  credit: {
    list: '/api/credit/applications/queue',
    take: (id) => `/api/credit/applications/${encodeURIComponent(id)}/take`,
    open: (id) => `/solicitudes?solicitud=${encodeURIComponent(id)}`,
    name: (item) => `solicitud N° ${item.number}`,
    columns: [
      { key: 'number', label: 'N°', phone: 'title', render: (item) => `N° ${item.number}` },
      { key: 'product_name', label: 'Tipo de crédito' },
      { key: 'amount', label: 'Monto', align: 'end', phone: 'amount', render: (item) => money(item.amount) },
    ],
  },
};

function takeButton(ctx, kind, item, onRefused) {
  const button = h('button', { type: 'button', className: 'button',
    'aria-label': `Tomar el ${kind.name(item)}` }, 'Tomar');
  button.addEventListener('click', () => whileBusy(button, async () => {
    try {
      await api.post(kind.take(item.id), undefined, { signal: ctx.signal });
      if (ctx.isCurrent()) ctx.navigate(kind.open(item.id));
    } catch (error) {
      if (!isAbort(error) && ctx.isCurrent()) await onRefused(error);
    }
  }, 'Tomando…'));
  return button;
}

/** The section (empty until the queue is read, and while it holds nothing). */
export function sharedQueueSection(ctx, kindName) {
  const kind = KINDS[kindName];
  const root = h('div', { className: 'shared-queue' });
  const feedback = h('div', { tabindex: '-1' });
  const draw = (items) => {
    if (!items.length) return replaceChildren(root, feedback.childNodes.length ? feedback : null);
    const table = dataTable({
      caption: 'Casos sin asignar de tu cola compartida', captionHidden: true, rows: items,
      columns: [...kind.columns,
        { key: 'created_at', label: 'Recibido', phone: 'meta', render: (item) => dateTime(item.created_at) },
        { key: 'take', label: 'Acción', render: (item) => takeButton(ctx, kind, item, refused) }],
    });
    return replaceChildren(root, card({ title: 'Cola compartida' }, feedback,
      h('p', { className: 'admin-muted' }, 'Casos sin asignar de tus colas: toma uno para atenderlo.'),
      table));
  };
  const load = async () => {
    try {
      const answer = await api.get(kind.list, { signal: ctx.signal });
      if (ctx.isCurrent()) draw(answer.items || []);
    } catch (error) {
      if (!isAbort(error) && ctx.isCurrent()) replaceChildren(root);
    }
  };
  async function refused(error) {
    replaceChildren(feedback, notice('error', h('p', {}, takeErrorMessage(error))));
    await load();
    if (ctx.isCurrent()) feedback.focus();
  }
  load();
  return root;
}
