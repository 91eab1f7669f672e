// Drawing parts shared by the member's money screens (manual 2.4.1–2.4.8): the load-then-draw
// frame (header, skeleton, API error with "Reintentar"), movement tables, badges, label/value
// lists and the file download of a Blob. Text only through dom.js.

import './styles/accounts.css';

import { productLabel } from './accounts.js';
import { errorState, moneyText, pageHeader, skeleton } from './components.js';
import { h } from './dom.js';
import { date } from './format.js';

/**
 * The frame of a screen that reads the API: its header (the "as of" date comes with the data),
 * a skeleton while it loads, the API's message with "Reintentar" when it fails.
 *
 * `load(signal)` → data; `header(data)` → pageHeader options; `draw(data, cleanups)` → nodes.
 * Returns the view's cleanup (charts register theirs in `cleanups`).
 */
export function loadScreen(ctx, { header, load, draw, cards = 3, lines = 4 }) {
  const cleanups = [];
  let top = pageHeader(header(null));
  const body = h('div', { className: 'money-screen' });
  ctx.container.append(top, body);

  // The header and the body are drawn again when the data arrives (or on "Reintentar"); the
  // keyboard focus they held (the title after a menu choice, the retry button) goes to the new
  // title instead of being lost to <body>.
  const holdsFocus = (node) => node.contains(document.activeElement);
  const focusTitle = () => {
    const title = top.querySelector('h1');
    if (!title) return;
    title.setAttribute('tabindex', '-1');
    title.focus({ preventScroll: true });
  };

  const run = async () => {
    const retrying = holdsFocus(body);
    body.replaceChildren(skeleton({ cards, lines }));
    if (retrying) focusTitle();
    let data;
    try {
      data = await load(ctx.signal);
    } catch (error) {
      if ((error && error.name === 'AbortError') || !ctx.isCurrent()) return;
      body.replaceChildren(errorState({ message: error.message || 'No se pudo cargar la información.',
        onRetry: run }));
      return;
    }
    if (!ctx.isCurrent()) return;
    const hadFocus = holdsFocus(top) || holdsFocus(body);
    const fresh = pageHeader(header(data));
    top.replaceWith(fresh);
    top = fresh;
    body.replaceChildren(...[draw(data, cleanups)].flat(Infinity).filter(Boolean));
    if (hadFocus) focusTitle();
  };
  run();
  return () => {
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // a chart already gone
      }
    }
  };
}

/** The header's date: the data's cut-off (`as_of`), or none while there is no data. */
export function asOfOr(value) {
  return value || null;
}

/** A small coloured label: tone 'success' | 'warning' | 'danger' | 'neutral'. */
export function badge(tone, text) {
  return h('span', { className: `money-badge money-badge-${tone}` }, text);
}

/**
 * What the member owes past its date (Inicio and the loan card): red like an error, yet not an
 * error of the screen (`notice-error` is kept for failures), and a status, not an interruption.
 */
export function overdueNotice(...content) {
  return h('div', { className: 'notice notice-overdue', role: 'status' }, ...content);
}

/** Label/value pairs as a description list. */
export function facts(pairs, className = '') {
  return h('dl', { className: `facts ${className}`.trim() },
    pairs.filter(Boolean).map(([label, value]) => h('div', { className: 'fact' },
      h('dt', {}, label), h('dd', {}, value))));
}

/** A table of movements: Fecha, (Producto), Descripción, Importe (red when negative), Saldo. */
export function movementColumns({ product = false, balance = true } = {}) {
  return [
    { key: 'date', label: 'Fecha', phone: 'meta', render: (row) => date(row.date) },
    product ? { key: 'product', label: 'Producto', render: (row) => productLabel(row.product) } : null,
    { key: 'description', label: 'Descripción', phone: 'title' },
    { key: 'amount', label: 'Importe', align: 'end', phone: 'amount',
      render: (row) => moneyText(row.amount, row.currency) },
    balance ? { key: 'balance', label: 'Saldo', align: 'end',
      render: (row) => moneyText(row.balance, row.currency) } : null,
  ].filter(Boolean);
}

/**
 * Bring an opened detail into view: its heading at the top of the screen (below the phone's
 * sticky top bar, which would otherwise cover it) and the keyboard focus on it.
 */
export function revealHeading(heading) {
  if (!heading || !heading.isConnected) return;
  const bar = document.querySelector('.topbar');
  const covered = bar && getComputedStyle(bar).position === 'sticky'
    ? bar.getBoundingClientRect().height : 0;
  const top = heading.getBoundingClientRect().top + window.scrollY - covered - 8;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  window.scrollTo(0, Math.max(0, top));
}

/** Save a Blob as a file: an object URL and a temporary <a download>, then released. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, className: 'visually-hidden' }, filename);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
