// The list screens' one way to page (Mensajes, Solicitudes, Usuarios, Auditoría, Importaciones,
// Movimientos): a skeleton while the first page loads, the Spanish error with "Reintentar", the
// rows (or the screen's empty state) and "Cargar más" while the API answers a `next_cursor`.
//
// `pager` is the state (items and cursor, no DOM, tested in node); `pagedList` draws it.

import { isAbort, latestRequest } from './api.js';
import { errorState, notice, skeleton } from './components.js';
import { h, replaceChildren } from './dom.js';
import { whileBusy } from './forms.js';

/**
 * The pages of one list. `fetchPage(cursor, signal)` answers the API's `{items, next_cursor}`
 * (cursor null for the first page). `reload()` starts over and `loadMore()` appends the next page;
 * each call aborts the request before it, so an older, slower answer never overwrites (or adds
 * to) a newer one. Both resolve true when their page was kept, false when a newer call won.
 * @param {{fetchPage: (cursor: string|null, signal: AbortSignal) => Promise<object>,
 *          screenSignal: AbortSignal}} options
 */
export function pager({ fetchPage, screenSignal }) {
  let items = [];
  let cursor = null;
  const nextSignal = latestRequest(screenSignal);

  const keep = (page, append) => {
    const received = (page && Array.isArray(page.items)) ? page.items : [];
    items = append ? items.concat(received) : received;
    cursor = (page && page.next_cursor) || null;
  };
  const fetchInto = async (append) => {
    const signal = nextSignal();
    const page = await fetchPage(append ? cursor : null, signal);
    if (signal.aborted) return false;
    keep(page, append);
    return true;
  };

  return {
    reload: () => fetchInto(false),
    loadMore: () => fetchInto(true),
    /** Start from a first page fetched elsewhere (with the screen's own loading state). */
    start: (page) => keep(page, false),
    items: () => items,
    hasMore: () => cursor !== null,
    /** Change the rows in place (a row edited, a row added), keeping the cursor. */
    update(change) {
      items = change(items);
    },
  };
}

function loadMoreButton() {
  return h('button', { type: 'button', className: 'button button-secondary' }, 'Cargar más');
}

/**
 * A paged list drawn into `body` (the rows) and `more` ("Cargar más"), with `alert` between them
 * for a failed next page (the rows already shown stay).
 *
 * options:
 *   ctx                       the view's context (signal, isCurrent)
 *   fetchPage(cursor, signal) as for `pager`
 *   drawItems(items)          the node(s) for the rows (a table, or the empty state)
 *   loading                   the skeleton's shape ({cards, lines})
 *   placeholder()             what shows while loading instead of the skeleton (a spinner)
 *   keepRows                  a reload keeps the rows shown until the new ones arrive (no
 *                             skeleton once there are rows)
 *   errorMessage(error)       the Spanish text of a failure (default: the API's message)
 *   onError(error)            also called when the first page fails (e.g. field errors)
 *   onMore(firstNewIndex)     after a next page is drawn (e.g. to move the focus to it)
 *   bodyClassName, moreClassName
 *
 * Returns { body, alert, more, nodes: [body, alert, more], reload(), show(firstPage), items(),
 * update(change) }.
 */
export function pagedList(options) {
  const { ctx, fetchPage, drawItems, loading = { cards: 0, lines: 4 }, keepRows = false,
    placeholder = () => skeleton(loading),
    errorMessage = (error) => error.message, onError = () => {}, onMore = () => {},
    bodyClassName = '', moreClassName = 'load-more' } = options;
  const pages = pager({ fetchPage, screenSignal: ctx.signal });
  const body = h('div', { className: bodyClassName });
  const alert = h('div', { className: 'form-alert', role: 'alert' });
  const more = h('div', { className: moreClassName });
  const button = loadMoreButton();

  const redraw = () => {
    replaceChildren(body, drawItems(pages.items()));
    replaceChildren(more, pages.hasMore() ? button : null);
  };

  const reload = async () => {
    replaceChildren(alert);
    if (!keepRows || !pages.items().length) {
      replaceChildren(body, placeholder());
      replaceChildren(more);
    }
    try {
      if (await pages.reload() && ctx.isCurrent()) redraw();
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      onError(error);
      replaceChildren(more);
      replaceChildren(body, errorState({ message: errorMessage(error), onRetry: () => reload() }));
    }
  };

  const loadMore = async () => {
    replaceChildren(alert);
    const firstNew = pages.items().length;
    try {
      if (!(await pages.loadMore()) || !ctx.isCurrent()) return;
      redraw();
      onMore(firstNew);
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(alert, notice('error', h('p', {}, errorMessage(error))));
    }
  };
  button.addEventListener('click', () => whileBusy(button, loadMore, 'Cargando…'));

  return {
    body, alert, more, nodes: [body, alert, more], reload,
    /** Draw a first page fetched elsewhere; "Cargar más" goes on from its cursor. */
    show(page) {
      pages.start(page);
      redraw();
    },
    items: pages.items,
    update(change) {
      pages.update(change);
      redraw();
    },
  };
}
