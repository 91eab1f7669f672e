// Configuración — «Mis datos» (issue 18; Ley 29733, the right of access): «Descargar mis datos»
// asks for one .zip (JSON and CSV) of everything the cooperative keeps about the member.
//
// POST /api/reports/data-archives answers 202 with the archive (status `building`); the import
// worker builds it in the background, so the card polls GET /api/reports/data-archives/{id}
// every few seconds (while the screen is current) until it is `ready`, then offers «Descargar»:
// POST …/{id}/download makes a 10-minute link for the owner, and the browser follows it. The
// latest archive still kept (a day) is shown when the screen opens. Three requests per Lima
// day: the fourth shows the server's message (429 with the wait).

import { api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert, whileBusy } from '../forms.js';
import { dateTime } from '../format.js';
import { settingsCard, statusLine } from './configuracion-parts.js';

export const POLL_MS = 2000;
const STATUS_TEXT = Object.freeze({
  building: 'Estamos preparando tu archivo. Puedes seguir usando el portal; te avisaremos por ' +
    'correo cuando esté listo.',
  ready: 'Tu archivo está listo.',
  failed: 'No pudimos preparar tu archivo. Vuelve a pedirlo en unos minutos.',
  expired: 'Tu último archivo ya venció. Pide uno nuevo.',
});

const NOTICE_KIND = Object.freeze({ ready: 'success', failed: 'error' });

/** The Spanish line that describes an archive (exported for the node tests). */
export function archiveSummary(archive) {
  if (!archive) return '';
  const text = STATUS_TEXT[archive.status] || '';
  if (archive.status === 'ready' && archive.expires_at) {
    return `${text} Podrás descargarlo hasta el ${dateTime(archive.expires_at)}.`;
  }
  return text;
}

function openLink(url) {
  window.location.assign(url);
}

function downloadButton(archive, alert, open) {
  const button = h('button', { type: 'button', className: 'button button-primary' }, 'Descargar');
  button.addEventListener('click', () => whileBusy(button, async () => {
    alert.clear();
    try {
      const link = await api.post(`/api/reports/data-archives/${encodeURIComponent(archive.id)}/download`);
      open(link.url);
    } catch (error) {
      alert.show((error && error.message) || 'No se pudo preparar la descarga.');
    }
  }, 'Preparando descarga…'));
  return button;
}

function drawArchive(state, archive) {
  replaceChildren(state.current);
  if (!archive) return;
  state.status.show(archiveSummary(archive), NOTICE_KIND[archive.status] || 'warning');
  if (archive.status === 'ready') {
    state.current.append(h('p', { className: 'field-hint' }, archive.file_name || ''),
      downloadButton(archive, state.alert, state.open));
  }
}

async function poll(ctx, state, archiveId) {
  while (ctx.isCurrent()) {
    let archive;
    try {
      archive = await api.get(`/api/reports/data-archives/${encodeURIComponent(archiveId)}`,
        { signal: ctx.signal });
    } catch (error) {
      if (ctx.isCurrent()) state.alert.show((error && error.message) || 'No se pudo consultar tu archivo.');
      return;
    }
    if (!ctx.isCurrent()) return;
    drawArchive(state, archive);
    if (archive.status !== 'building') return;
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}

function requestButton(ctx, state) {
  const button = h('button', { type: 'button', className: 'button button-secondary' },
    'Descargar mis datos');
  button.addEventListener('click', () => whileBusy(button, async () => {
    state.alert.clear();
    try {
      const archive = await api.post('/api/reports/data-archives');
      drawArchive(state, archive);
      await poll(ctx, state, archive.id);
    } catch (error) {
      state.alert.show((error && error.message) || 'No se pudo pedir tu archivo.');
    }
  }, 'Pidiendo tu archivo…'));
  return button;
}

async function showLatest(ctx, state) {
  try {
    const { items } = await api.get('/api/reports/data-archives', { signal: ctx.signal });
    if (!ctx.isCurrent() || !items.length) return;
    drawArchive(state, items[0]);
    if (items[0].status === 'building') await poll(ctx, state, items[0].id);
  } catch {
    // the card still offers a new request; nothing to show about the last one
  }
}

/** The card, with `open` (how a download link is followed) replaceable in tests. */
export function myDataCard(ctx, { open = openLink } = {}) {
  const card = settingsCard({ title: 'Mis datos', id: 'mis-datos',
    subtitle: 'Descarga una copia de tus datos personales (Ley N.° 29733)' });
  const state = { status: statusLine(), alert: formAlert(), current: h('div', { className: 'my-data-current' }), open };
  const intro = h('p', {},
    'Prepararemos un archivo .zip con tu perfil, tus productos y movimientos, tus tickets, ' +
    'solicitudes, reclamos, sesiones y el registro de tus acciones en el portal y de las del ' +
    'personal sobre tus casos y tu cuenta, en formatos JSON y CSV. Puedes pedirlo hasta 3 veces al día; cada archivo se guarda 24 horas.');
  card.body.append(intro, requestButton(ctx, state), state.status.root, state.alert.root, state.current);
  showLatest(ctx, state);
  return card.root;
}
