// «Descargar PDF»: one button for every screen that offers a report (docs/design/API.md `reports`).
//
// POST /api/reports through the one API client (session, CSRF header, error shape), then
// navigate to the returned presigned URL: S3 answers it with `Content-Disposition: attachment`
// and the Spanish file name, so the browser downloads the PDF and the page stays where it is.
// The URL is valid 5 minutes, so it is requested on each click, never cached. Once it downloads,
// the status line names the verification code printed on the PDF and links to its public check
// (/verificar), so the member can tell whoever receives the file how to check it.

import { api } from './api.js';
import { h, replaceChildren, setText } from './dom.js';

const BUSY_LABEL = 'Generando PDF…';
const ERROR_MESSAGE = 'No se pudo generar el reporte. Inténtalo nuevamente.';

/** The request body: only what the report needs; `simulation` carries the simulation's inputs. */
export function reportBody({ kind, id = null, from = null, to = null, simulation = null }) {
  const body = { kind };
  if (id) body.id = id;
  if (from) body.from = from;
  if (to) body.to = to;
  if (simulation) body.simulation = simulation;
  return body;
}

/** The public check of a PDF's code: the page the PDF's own link opens. */
export function verifyPath(code) {
  return `/verificar?codigo=${encodeURIComponent(code)}`;
}

/**
 * @param {{kind: 'contributions'|'cts'|'loan_schedule'|'simulation', id?: string,
 *          from?: string, to?: string, simulation?: object, label?: string,
 *          open?: (url: string) => void}} options
 * @returns {HTMLElement} a `<span>` holding the button and its polite status line
 */
export function reportButton({ kind, id = null, from = null, to = null, simulation = null,
  label = 'Descargar PDF', open = (url) => window.location.assign(url) }) {
  const status = h('span', { className: 'report-button__status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', className: 'button button-secondary report-button' }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    setText(button, BUSY_LABEL);
    setText(status, '');
    try {
      const answer = await api.post('/api/reports', reportBody({ kind, id, from, to, simulation }));
      open(answer.url);
      if (answer.verification) {
        replaceChildren(status, `Código de verificación: ${answer.verification} · `,
          h('a', { href: verifyPath(answer.verification) }, 'Cómo verificarlo'));
      }
    } catch (error) {
      setText(status, (error && error.message) || ERROR_MESSAGE);
    } finally {
      button.disabled = false;
      setText(button, label);
    }
  });
  return h('span', { className: 'report-button__wrap' }, button, status);
}

export default reportButton;
