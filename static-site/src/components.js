// The shared parts of every screen (docs/design/UI.md: "they must share one set of parts"): page header with
// its "as of" line, cards with a figure, money, tables, progress bars, loading and empty states,
// notices and confirmation dialogs. All text goes in through text nodes (dom.js).

import { withContactLink } from './contact-link.js';
import { append, h, svg, uid } from './dom.js';
import { longDate, moneyParts, percent } from './format.js';

/**
 * The page's heading: h1 plus one line under it that says which date it speaks of — the data's
 * cut-off ("Datos al 01 Abril 2025 · Resumen de créditos activos") on the member's money, or
 * today ("Hoy, 02 Diciembre 2026") on a staff summary; never one pretending to be the other.
 * The h1 gets tabindex=-1 so the app can move focus to it after navigation.
 */
export function pageHeader({ title, asOf = null, today = null, subtitle = null, actions = null }) {
  const when = (asOf && `Datos al ${longDate(asOf)}`) || (today && `Hoy, ${longDate(today)}`);
  const line = [when, subtitle].filter(Boolean).join(' · ');
  return h('header', { className: 'page-header' },
    h('div', { className: 'page-header-text' },
      h('h1', { className: 'page-title', tabindex: '-1' }, title),
      line ? h('p', { className: 'page-subtitle' }, line) : null),
    actions ? h('div', { className: 'page-actions' }, actions) : null);
}

/** A section of a page with its own heading (h2). */
export function section({ title, description = null, className = '' }, ...children) {
  const headingId = uid('seccion');
  return h('section', { className: `section ${className}`.trim(), 'aria-labelledby': headingId },
    h('h2', { className: 'section-title', id: headingId }, title),
    description ? h('p', { className: 'section-description' }, description) : null,
    ...children);
}

/** A plain card that holds anything. */
export function card({ title = null, className = '' } = {}, ...children) {
  return h('div', { className: `card ${className}`.trim() },
    title ? h('h2', { className: 'card-heading' }, title) : null,
    ...children);
}

/**
 * A figure card: title (small caps), big figure, caption.
 * `figure` is text or a node (e.g. `moneyText(...)`); `tone` is '', 'success', 'warning', 'danger'.
 */
export function statCard({ title, figure, caption = null, tone = '', link = null }) {
  return h('div', { className: `card stat-card ${tone ? `tone-${tone}` : ''}`.trim() },
    h('p', { className: 'stat-title' }, title),
    h('p', { className: 'stat-figure' }, figure),
    caption ? h('p', { className: 'stat-caption' }, caption) : null,
    // A figure that stands for work to do leads to it (`link`: {href, text}).
    link ? h('p', { className: 'stat-link' }, h('a', { href: link.href }, link.text)) : null);
}

/** A grid of cards. */
export function cardGrid(...cards) {
  return h('div', { className: 'card-grid' }, ...cards);
}

/** Money as a span; negatives get the `negative` class (red) and keep their minus sign. */
export function moneyText(amount, currency = 'PEN') {
  const { text, negative } = moneyParts(amount, currency);
  return h('span', { className: negative ? 'money negative' : 'money' }, text);
}

/**
 * A table. columns: [{ key, label, align: 'start'|'end', render(row) → text|Node }].
 * Money columns should use align 'end' (right-aligned, tabular numerals).
 * `caption` is the table's accessible name (can be visually hidden with `captionHidden`).
 * `footer`: optional array of cells for a totals row.
 */
export function dataTable({ columns, rows, caption, captionHidden = false, footer = null,
  empty = 'No hay registros para mostrar.', className = '', rowClass = null }) {
  if (!rows || rows.length === 0) return emptyState({ text: empty });
  const table = h('table', { className: `table table-cards ${className}`.trim(), role: 'table' },
    caption ? h('caption', { className: captionHidden ? 'visually-hidden' : '' }, caption) : null,
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
      columns.map((column) => h('th', { scope: 'col', role: 'columnheader',
        className: cellClass(column) }, column.label)))),
    h('tbody', { role: 'rowgroup' }, rows.map((row) => h('tr', { role: 'row',
      className: rowClass ? rowClass(row) : null },
      columns.map((column) => h('td', cellAttributes(column),
        column.render ? column.render(row) : row[column.key]))))),
    footer ? h('tfoot', { role: 'rowgroup' }, h('tr', { role: 'row' }, footer.map((cell, index) => (
      index === 0
        ? h('th', { scope: 'row', role: 'rowheader', className: cellClass(columns[0] || {}) }, cell)
        : h('td', cellAttributes(columns[index] || {}), cell))))) : null);
  // A focusable, labelled region: on a wide screen a table may still scroll (keyboard too).
  return h('div', { className: 'table-wrap', role: 'region', tabindex: '0',
    'aria-label': caption || 'Tabla' }, table);
}

function cellClass(column) {
  return column.align === 'end' ? 'num' : '';
}

/**
 * Below 768 px each row is a card (styles: `.table-cards`): the column's `phone` role places a
 * cell — 'title' (what, bold, left), 'meta' (when, under it), 'amount' (bold, right), 'status'
 * (its badge, own line), 'hide' (not on a phone) — and any other cell is a "Label: value" line.
 * The explicit ARIA roles keep it a table for screen readers when CSS makes it blocks.
 */
function cellAttributes(column) {
  return { role: 'cell', className: cellClass(column), dataset: {
    label: column.label || '', phone: column.phone || (column.align === 'end' ? 'line-num' : 'line'),
  } };
}

/** A labelled progress bar ("Progreso de pago: 58%"), native <progress>: no inline style. */
export function progressBar({ label, value, max = 100 }) {
  const id = uid('progreso');
  const pct = Math.max(0, Math.min(100, Math.round((Number(value) / Number(max)) * 100) || 0));
  return h('div', { className: 'progress-field' },
    h('div', { className: 'progress-label' },
      h('label', { for: id }, label),
      h('span', { className: 'progress-value' }, percent(pct))),
    h('progress', { id, className: 'progress', max: String(max), value: String(value) },
      percent(pct)));
}

/** A loading indicator announced to screen readers. */
export function spinner(label = 'Cargando…') {
  return h('div', { className: 'loading', role: 'status' },
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    h('span', { className: 'loading-label' }, label));
}

/** Grey placeholder blocks while a screen's data loads (`cards` figure cards, then lines). */
export function skeleton({ cards = 3, lines = 4, label = 'Cargando información…' } = {}) {
  return h('div', { className: 'skeleton-wrap', role: 'status', 'aria-busy': 'true' },
    h('span', { className: 'visually-hidden' }, label),
    cards ? h('div', { className: 'card-grid', 'aria-hidden': 'true' },
      Array.from({ length: cards }, () => h('div', { className: 'card skeleton-card' },
        h('span', { className: 'skeleton skeleton-line short' }),
        h('span', { className: 'skeleton skeleton-line big' })))) : null,
    lines ? h('div', { className: 'card', 'aria-hidden': 'true' },
      Array.from({ length: lines }, () => h('span', { className: 'skeleton skeleton-line' }))) : null);
}

/** The way back from the public account pages (recovery, activation resend) to the login. */
export function backToLogin() {
  return h('div', { className: 'auth-links' }, h('a', { href: '/login' }, 'Volver al inicio de sesión'));
}

/** What to show when a list is empty, and what to do about it. */
export function emptyState({ title = null, text, action = null }) {
  return h('div', { className: 'empty-state' },
    emptyIcon(),
    title ? h('p', { className: 'empty-title' }, title) : null,
    h('p', { className: 'empty-text' }, text),
    action ? h('div', { className: 'empty-action' }, action) : null);
}

function emptyIcon() {
  return svg('svg', { className: 'empty-icon', viewBox: '0 0 24 24', width: '40', height: '40',
    'aria-hidden': 'true', focusable: 'false' },
  svg('path', { d: 'M4 7h16v12H4z M8 7V5h8v2 M4 12h16', fill: 'none', stroke: 'currentColor',
    'stroke-width': '1.5', 'stroke-linejoin': 'round' }));
}

/**
 * A notice box. kind: 'info' | 'success' | 'warning' | 'error'.
 * Errors use role=alert (announced at once); the rest role=status.
 */
export function notice(kind, ...content) {
  return h('div', { className: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    ...content);
}

/** A screen-level error with a retry button. */
export function errorState({ message, onRetry = null }) {
  return notice('error',
    h('p', {}, ...withContactLink(message)),
    onRetry ? h('button', { type: 'button', className: 'button button-secondary',
      on: { click: onRetry } }, 'Reintentar') : null);
}

/**
 * Ask before a destructive or sensitive action ("Desactivar 2FA"). Resolves true or false.
 * Uses <dialog> (focus trap, Escape closes).
 */
export function confirmDialog({ title, text, confirmLabel = 'Confirmar', cancelLabel = 'Cancelar',
  danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dialogo');
    const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': titleId });
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    append(dialog,
      h('h2', { className: 'dialog-title', id: titleId }, title),
      h('p', {}, text),
      h('div', { className: 'dialog-actions' },
        h('button', { type: 'button', className: 'button button-secondary',
          on: { click: () => close(false) } }, cancelLabel),
        h('button', { type: 'button', className: danger ? 'button button-danger' : 'button',
          on: { click: () => close(true) } }, confirmLabel)));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A modal with arbitrary content and a close button (e.g. the terms during registration). */
export function infoDialog({ title, content, closeLabel = 'Cerrar' }) {
  const titleId = uid('dialogo');
  const dialog = h('dialog', { className: 'dialog dialog-wide', 'aria-labelledby': titleId });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  append(dialog,
    h('h2', { className: 'dialog-title', id: titleId }, title),
    h('div', { className: 'dialog-body' }, content),
    h('div', { className: 'dialog-actions' },
      h('button', { type: 'button', className: 'button', on: { click: close } }, closeLabel)));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A placeholder card for screens not built yet. */
export function comingSoon(title) {
  return [
    pageHeader({ title }),
    card({ className: 'coming-soon' },
      h('p', { className: 'coming-soon-text' }, 'Esta sección estará disponible pronto.')),
  ];
}

/** Close the dialogs a screen left open when the user leaves it (a view returns this). */
export function closeDialogs() {
  for (const dialog of document.querySelectorAll('body > dialog')) {
    if (dialog.open) dialog.close();
    dialog.remove();
  }
}
