// Importaciones (docs/design/API.md "admin"): the core system's CSV files. The admin chooses the kind and the
// file; POST /api/admin/imports answers the run and a presigned S3 POST form (`upload_url`,
// `upload_fields`, `max_bytes`); the browser POSTs it there as multipart/form-data, the fields
// first and the file last (S3 ignores fields after the file); an S3-triggered worker loads it.
// The form's policy makes S3 refuse a file over `max_bytes`; each import takes one file, so
// every submit starts a new import. The screen follows the run (GET /api/admin/imports/{id},
// every 2 s) with a progress bar, the counts and the rejected lines, and lists the history with
// who and when.
//
// The site's CSP allows `connect-src` to the imports bucket's origin only (web_security.py), and
// the bucket's CORS rule the site's origin: the POST goes straight to S3. Should the browser still
// refuse it (a stale CSP, a network error), the screen says so plainly and the run stays
// "Esperando archivo".

import { api, isAbort } from '../api.js';
import {
  adminErrorMessage, csvFileProblem, IMPORT_KINDS, importKindLabel, importProgress,
  importRunning, importStatus, limaDateTime, sameOrigin, SNAPSHOT_KINDS, snapshotText,
  STALLED_IMPORT_TEXT, storageRefusal,
} from '../admin.js';
import { badge, refusal } from '../admin-parts.js';
import {
  card, dataTable, errorState, notice, pageHeader, progressBar, section,
} from '../components.js';
import { h, replaceChildren, uid } from '../dom.js';
import {
  checkboxField, clearErrors, formAlert, selectField, submitButton, whileBusy,
} from '../forms.js';
import { integer } from '../format.js';
import { pagedList } from '../paged-list.js';
import { rewriteUrl } from '../router.js';
import { isAdmin } from '../session.js';

const POLL_MS = 2000;
const HISTORY_PAGE = 20;
const UPLOAD_FAILED = 'El navegador no pudo enviar el archivo al almacenamiento de importaciones '
  + '(conexión rechazada o bloqueada por la política de seguridad del portal). La importación '
  + 'quedó registrada como «Esperando archivo»: revisa tu conexión e inténtalo con una nueva '
  + 'importación, o avisa al equipo técnico si el problema continúa.';

function fileField() {
  const id = uid('campo-archivo');
  const errorId = `${id}-error`;
  const hintId = `${id}-ayuda`;
  const input = h('input', { id, name: 'file', type: 'file', className: 'input',
    accept: '.csv,text/csv', 'aria-describedby': `${hintId} ${errorId}` });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('div', { className: 'field' },
    h('label', { className: 'label', for: id }, 'Archivo CSV'),
    h('p', { className: 'field-hint', id: hintId },
      'El archivo del sistema central, con su fila de encabezados (UTF-8, separado por comas).'),
    input, error);
  return {
    root,
    input,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
    clearError() {
      this.setError('');
    },
  };
}

/** Who started a run: the signed-in admin by name, the core system, or the user id. */
function whoText(run, me) {
  if (run.created_by === me.id) return `${me.email || 'Tú'} (tú)`;
  if (run.created_by === 'core-system') return 'Sistema central';
  return run.created_by_name || 'Otro usuario';
}

/** Send the file with the API's S3 POST form: its fields, then the file (S3 reads the fields
 * before the file and ignores any after it). The browser sets the multipart boundary. A
 * same-origin target gets the API's CSRF header. */
async function sendFile(started, file, signal) {
  const url = started.upload_url;
  const body = new FormData();
  for (const [name, value] of Object.entries(started.upload_fields || {})) body.append(name, value);
  body.append('file', file, file.name);
  const own = sameOrigin(url, window.location.origin);
  let response;
  try {
    response = await fetch(url, { method: 'POST', body, signal,
      headers: own ? { 'X-Requested-With': 'fetch' } : {},
      credentials: own ? 'same-origin' : 'omit' });
  } catch (cause) {
    if (isAbort(cause)) throw cause;
    const error = new Error(own ? 'No se pudo conectar con el servidor para enviar el archivo.'
      : UPLOAD_FAILED);
    error.upload = true;
    throw error;
  }
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    const error = new Error(storageRefusal(response.status, detail, started.max_bytes));
    error.upload = true;
    throw error;
  }
}

function runDetails(run) {
  const state = importStatus(run.status);
  const value = importProgress(run);
  return [
    h('p', {}, 'Estado: ', badge(state)),
    progressBar({ label: `Progreso de la importación (${importKindLabel(run.kind)})`, value }),
    h('div', { className: 'admin-figures' },
      h('p', {}, 'Filas: ', h('strong', {}, integer(run.rows_total))),
      h('p', {}, 'Cargadas: ', h('strong', {}, integer(run.rows_loaded))),
      h('p', {}, 'Rechazadas: ', h('strong', {}, integer(run.rows_rejected)))),
    run.finished_at ? h('p', { className: 'admin-muted' }, `Terminó: ${limaDateTime(run.finished_at)}`) : null,
    run.status === 'stalled' ? notice('warning', h('p', {}, STALLED_IMPORT_TEXT)) : null,
    snapshotText(run) ? h('p', { className: 'import-snapshot' }, snapshotText(run)) : null,
    (run.errors || []).length ? section({ title: 'Líneas rechazadas',
      description: run.rows_rejected > run.errors.length
        ? `Se muestran las primeras ${integer(run.errors.length)} de ${integer(run.rows_rejected)}.` : null },
    dataTable({ caption: 'Líneas rechazadas', captionHidden: true,
      columns: [
        { key: 'line', label: 'Línea', align: 'end' },
        { key: 'field', label: 'Campo', render: (row) => row.field || '—' },
        { key: 'message', label: 'Mensaje' },
      ],
      rows: run.errors })) : null,
  ];
}

/**
 * The history: the whole row opens the run (its date is a button stretched over the row), so
 * no "Ver" column is needed and the table fits a 1366 px laptop; on a phone each run is a card.
 * The file's total is loaded + rejected: it is shown when the run is opened, not here.
 */
function historyTable(history, me, onShow) {
  return dataTable({
    caption: 'Historial de importaciones', captionHidden: true, className: 'rows-are-links',
    columns: [
      { key: 'created_at', label: 'Fecha', phone: 'meta', render: (run) => h('button', {
        type: 'button', className: 'button-link row-link',
        'aria-label': `Ver importación de ${importKindLabel(run.kind)} del ${limaDateTime(run.created_at)}`,
        on: { click: () => onShow(run) } }, limaDateTime(run.created_at)) },
      { key: 'kind', label: 'Tipo', phone: 'title', render: (run) => importKindLabel(run.kind) },
      { key: 'created_by', label: 'Iniciada por', render: (run) => whoText(run, me) },
      { key: 'status', label: 'Estado', phone: 'status', render: (run) => badge(importStatus(run.status)) },
      { key: 'rows_loaded', label: 'Cargadas', align: 'end', render: (run) => integer(run.rows_loaded) },
      { key: 'rows_rejected', label: 'Rechazadas', align: 'end', render: (run) => integer(run.rows_rejected) },
    ],
    rows: history,
    empty: 'Aún no hay importaciones. Elige el tipo y el archivo CSV para empezar.',
  });
}

function importForm() {
  const alert = formAlert();
  const kind = selectField({ label: 'Tipo de archivo', name: 'kind', placeholder: 'Elige el tipo',
    options: IMPORT_KINDS.map(([value, label]) => ({ value, label })) });
  const file = fileField();
  const snapshot = snapshotField(kind);
  const button = submitButton('Importar archivo', { className: 'button' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-label': 'Nueva importación' },
    alert.root, h('div', { className: 'admin-form-grid' }, kind.root, file.root), snapshot.root,
    h('div', { className: 'admin-actions' }, button));
  return { alert, kind, file, snapshot, button, form };
}

/**
 * «Foto completa» (docs/imports.md, "Full snapshot"): offered for the product kinds only; when
 * checked, the products of the kind the file does not list are closed (never deleted).
 */
function snapshotField(kind) {
  const field = checkboxField({ label: 'Foto completa: el archivo trae todos los productos de este tipo',
    name: 'snapshot', after: h('p', { className: 'field-hint' }, 'Los productos que no estén en el '
      + 'archivo se marcarán como cerrados (no se borran). Solo se aplica si ninguna fila se rechaza.') });
  const offer = () => {
    field.root.hidden = !SNAPSHOT_KINDS.includes(kind.input.value);
    if (field.root.hidden) field.input.checked = false;
  };
  kind.input.addEventListener('change', offer);
  offer();
  return field;
}

/** The form's checks: a kind and a CSV file; false (focus on the first problem) when one fails. */
function checkImportForm({ alert, kind, file }) {
  clearErrors(alert, { kind, file });
  const kindProblem = kind.input.value ? '' : 'Elige el tipo de archivo.';
  const fileProblem = csvFileProblem(file.input.files && file.input.files[0]);
  kind.setError(kindProblem);
  file.setError(fileProblem);
  if (kindProblem || fileProblem) (kindProblem ? kind : file).input.focus();
  return !kindProblem && !fileProblem;
}

/**
 * The run on screen, followed every POLL_MS while it runs (a stuck upload is not followed);
 * when it ends the history is drawn again. Returns {follow(id, message), showRun, stop}.
 */
function runFollower(ctx, current, onFinished) {
  let timer = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const showRun = (run, message = null) => {
    replaceChildren(current, card({ title: `Importación: ${importKindLabel(run.kind)}` },
      message, ...runDetails(run)));
  };
  const follow = async (id, message = null) => {
    stop();
    try {
      const run = await api.get(`/api/admin/imports/${encodeURIComponent(id)}`, { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      showRun(run, message);
      if (importRunning(run) && !(message && message.dataset.stuck === 'true')) {
        timer = setTimeout(() => follow(id, message), POLL_MS);
      } else {
        onFinished();
      }
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(current, errorState({ message: adminErrorMessage(error),
        onRetry: () => follow(id, message) }));
    }
  };
  return { follow, showRun, stop };
}

/**
 * Start an import: POST the run, then send the file to S3. Resolves with the run, or null when
 * it could not start or the file did not reach the storage (both said on screen).
 */
async function startImport(ctx, parts, { showRun, reloadHistory }) {
  const { alert, kind, file, snapshot } = parts;
  const chosen = file.input.files[0];
  const body = { kind: kind.input.value, ...(snapshot.input.checked ? { snapshot: true } : {}) };
  let started;
  try {
    started = await api.post('/api/admin/imports', body, { signal: ctx.signal });
  } catch (error) {
    if (isAbort(error)) return null;
    if (error.fields && error.fields.kind) kind.setError(error.fields.kind);
    alert.show(adminErrorMessage(error));
    return null;
  }
  if (!ctx.isCurrent()) return null;
  try {
    await sendFile(started, chosen, ctx.signal);
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return null;
    const message = notice('error', h('p', {}, error.message));
    message.dataset.stuck = 'true';
    alert.show(error.message);
    showRun(started, message);
    reloadHistory();
    return null;
  }
  return started;
}

export async function render(ctx) {
  const title = 'Importaciones';
  if (!isAdmin(ctx.session)) return refusal(title);
  const me = ctx.session.user;
  const parts = importForm();
  const current = h('div', { className: 'admin-current', 'aria-live': 'polite' });
  let runs = null;
  const history = pagedList({
    ctx, keepRows: true, moreClassName: 'admin-more', errorMessage: adminErrorMessage,
    fetchPage: (cursor, signal) => api.get('/api/admin/imports', { query: { limit: HISTORY_PAGE,
      ...(cursor ? { cursor } : {}) }, signal }),
    drawItems: (items) => historyTable(items, me, (run) => {
      rewriteUrl(`/importaciones?importacion=${encodeURIComponent(run.id)}`);
      runs.follow(run.id);
      current.scrollIntoView({ block: 'nearest' });
    }),
  });
  runs = runFollower(ctx, current, () => history.reload());

  parts.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkImportForm(parts)) return;
    const fileName = parts.file.input.files[0].name;
    await whileBusy(parts.button, async () => {
      const started = await startImport(ctx, parts,
        { showRun: runs.showRun, reloadHistory: () => history.reload() });
      if (!started) return;
      parts.form.reset();
      parts.snapshot.root.hidden = true;
      runs.follow(started.id, notice('success', h('p', {},
        `Archivo «${fileName}» enviado. La importación se procesa en segundo plano.`)));
    }, 'Enviando…');
  });

  ctx.container.append(
    pageHeader({ title, subtitle: 'Archivos CSV del sistema central: socios, productos y movimientos' }),
    h('div', { className: 'admin-layout' },
      section({ title: 'Nueva importación',
        description: 'Las filas válidas se cargan (volver a cargar un registro lo actualiza); las '
          + 'filas con errores se rechazan y se listan con su línea.' }, card({}, parts.form)),
      current,
      section({ title: 'Historial de importaciones' }, card({}, ...history.nodes))));

  const requested = ctx.query.get('importacion');
  if (requested && /^[A-Za-z0-9_-]{1,64}$/.test(requested)) runs.follow(requested);
  await history.reload();
  return runs.stop;
}
