// «Actualizamos nuestros términos» (issue 18): after signing in, a member whose accepted version
// of the terms is older than the one in force sees what changed and the full text, and accepts
// (POST /api/auth/terms/accept {version}) or signs out. Every other route answers 403
// `terms_acceptance_required` meanwhile; once accepted the member goes where they were going
// (`?volver=`, a private screen) or to Inicio.

import '../styles/terms.css';
import { api } from '../api.js';
import { errorState, spinner } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert, showApiError, whileBusy } from '../forms.js';
import { safeReturnPath } from '../routes.js';
import { getSession, loadSession, mustAcceptTerms } from '../session.js';
import { forgetTerms, loadTerms, termsNodes, versionDate } from '../terms.js';

function changesBlock(terms) {
  return h('section', { className: 'terms-changes', 'aria-labelledby': 'terminos-cambios' },
    h('h2', { id: 'terminos-cambios', className: 'terms-changes-title' },
      `Qué cambió en la versión ${terms.version} (vigente desde ${versionDate(terms)})`),
    h('p', { className: 'terms-summary' }, terms.summary || ''));
}

function fullText(terms) {
  return h('section', {
    className: 'terms-scroll', tabindex: '0', role: 'region',
    'aria-label': `Texto completo de los términos, versión ${terms.version}`,
  }, termsNodes(terms));
}

async function accept(ctx, terms, alert) {
  try {
    await api.post('/api/auth/terms/accept', { version: terms.version });
  } catch (error) {
    if (error && error.code === 'terms_version_changed') forgetTerms();
    showApiError(error, alert);
    return;
  }
  forgetTerms();
  await loadSession();
  await ctx.navigate(safeReturnPath(ctx.query.get('volver')), { replace: true });
}

function actions(ctx, terms, alert) {
  const acceptButton = h('button', { type: 'button', className: 'button' }, 'Acepto');
  acceptButton.addEventListener('click', () => whileBusy(acceptButton,
    () => accept(ctx, terms, alert), 'Guardando…'));
  return h('div', { className: 'terms-accept-actions' },
    acceptButton,
    h('button', { type: 'button', className: 'button button-secondary',
      on: { click: () => ctx.signOut() } }, 'Cerrar sesión'));
}

function draw(ctx, box) {
  replaceChildren(box, spinner('Cargando los términos…'));
  loadTerms().then((terms) => {
    if (!ctx.isCurrent()) return;
    const alert = formAlert();
    replaceChildren(box,
      h('p', {}, 'Para seguir usando el portal, lee los cambios y acepta la versión vigente ' +
        'de los términos y condiciones de uso.'),
      changesBlock(terms), fullText(terms), alert, actions(ctx, terms, alert));
  }).catch((error) => replaceChildren(box, errorState({
    message: error.message, onRetry: () => draw(ctx, box) })));
}

export function render(ctx) {
  const session = getSession();
  if (!session) {
    return ctx.navigate('/login?volver=%2Fterminos%2Faceptar', { replace: true });
  }
  if (!mustAcceptTerms(session)) {
    return ctx.navigate(safeReturnPath(ctx.query.get('volver')), { replace: true });
  }
  forgetTerms();
  const box = h('div', { className: 'terms-accept' });
  draw(ctx, box);
  return [h('h1', { className: 'auth-title', tabindex: '-1' }, 'Actualizamos nuestros términos'),
    box];
}
