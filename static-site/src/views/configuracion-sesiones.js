// Configuración — "Sesiones activas": the user's open sessions (device, IP, started, last
// activity), "Esta sesión" for the current one and "Cerrar" (after a confirmation) for the others.
//
// GET /api/auth/sessions → {items: [{id, created_at, last_seen_at, expires_at, ip, user_agent,
//   remember, current}]}; DELETE /api/auth/sessions/{id} → 204.

import { api } from '../api.js';
import { confirmDialog, dataTable, errorState, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert } from '../forms.js';
import { dateTime } from '../format.js';
import { deviceLabel } from '../user-agent.js';
import { settingsCard, statusLine } from './configuracion-parts.js';

/** Current session first, then the most recent activity first. */
export function sortSessions(items) {
  return [...(items || [])].sort((a, b) => {
    if (Boolean(a.current) !== Boolean(b.current)) return a.current ? -1 : 1;
    return String(b.last_seen_at || '').localeCompare(String(a.last_seen_at || ''));
  });
}

function sessionsTable(items, closeButton) {
  const columns = [
    { key: 'device', label: 'Dispositivo', render: (row) => h('div', { className: 'session-device' },
      h('span', { className: 'session-device-name' }, deviceLabel(row.user_agent)),
      row.current ? h('span', { className: 'badge badge-success' }, 'Esta sesión') : null,
      row.user_agent && row.user_agent !== '-'
        ? h('span', { className: 'session-agent' }, row.user_agent) : null) },
    { key: 'ip', label: 'IP', render: (row) => h('span', { className: 'nowrap' }, row.ip || '—') },
    { key: 'created_at', label: 'Inicio', render: (row) => h('span', { className: 'nowrap' },
      dateTime(row.created_at)) },
    { key: 'last_seen_at', label: 'Última actividad', render: (row) => h('span',
      { className: 'nowrap' }, dateTime(row.last_seen_at)) },
    { key: 'action', label: 'Acción', render: (row) => (row.current
      ? h('span', { className: 'muted' }, '—')
      : closeButton(row)) },
  ];
  return dataTable({
    columns, rows: items, caption: 'Sesiones activas de tu cuenta', captionHidden: true,
    empty: 'No hay otras sesiones abiertas.',
  });
}

function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

/**
 * "Cerrar" for another session: asks first, then DELETEs it and reads the list again (quietly);
 * `screen` holds {ctx, alert, status, reload, heading}.
 */
function closeSessionButton(row, screen) {
  const { ctx, alert, status, reload, heading } = screen;
  const device = deviceLabel(row.user_agent);
  const started = dateTime(row.created_at);
  const button = h('button', { type: 'button', className: 'button button-secondary button-small',
    'aria-label': `Cerrar la sesión de ${device} iniciada el ${started}` }, 'Cerrar');
  button.addEventListener('click', async () => {
    alert.clear();
    status.clear();
    const sure = await confirmDialog({
      title: '¿Cerrar esta sesión?',
      text: `La sesión de ${device} (IP ${row.ip || '—'}), iniciada el ${started}, se cerrará ` +
        'y ese dispositivo tendrá que volver a iniciar sesión.',
      confirmLabel: 'Cerrar la sesión',
      danger: true,
    });
    if (!sure) {
      if (button.isConnected) button.focus();
      return;
    }
    setBusy(button, true);
    try {
      await api.delete(`/api/auth/sessions/${encodeURIComponent(row.id)}`);
      if (!ctx.isCurrent()) return;
      status.show(`Se cerró la sesión de ${device}.`);
      await reload({ quiet: true });
      if (ctx.isCurrent()) heading.focus();
    } catch (error) {
      if (!ctx.isCurrent()) return;
      setBusy(button, false);
      alert.show(error.message);
      if (error.status === 404) await reload({ quiet: true });
    }
  });
  return button;
}

/** The card; returns { root, reload() }. */
export function sessionsCard(ctx) {
  const card = settingsCard({ title: 'Sesiones activas',
    subtitle: 'Los dispositivos donde tu cuenta está abierta. Si no reconoces uno, ciérralo y ' +
      'cambia tu contraseña.',
    className: 'settings-card-wide' });
  const alert = formAlert();
  const status = statusLine();
  const list = h('div', { className: 'sessions-list' });
  card.body.append(alert.root, status.root, list);
  const screen = { ctx, alert, status, reload, heading: card.heading };
  const closeButton = (row) => closeSessionButton(row, screen);

  async function reload({ quiet = false } = {}) {
    if (!quiet) replaceChildren(list, skeleton({ cards: 0, lines: 3, label: 'Cargando tus sesiones…' }));
    try {
      const answer = await api.get('/api/auth/sessions', { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      replaceChildren(list, sessionsTable(sortSessions(answer && answer.items), closeButton));
    } catch (error) {
      if (!ctx.isCurrent() || error.name === 'AbortError' || error.status === 401) return;
      replaceChildren(list, errorState({ message: error.message, onRetry: () => reload() }));
    }
  }

  reload();
  return { root: card.root, reload };
}
