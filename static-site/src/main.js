// The app: ask who is signed in, then draw each location with its guard, frame and view.

import './styles/main.css';

import {
  ApiError, setSessionExpiredHandler, setTermsAcceptanceHandler, setTotpEnrolmentHandler,
} from './api.js';
import { comingSoon, errorState, spinner } from './components.js';
import { h, replaceChildren } from './dom.js';
import { dropShell, renderPublicFrame, renderShell } from './layout.js';
import { APP_NAME } from './menu.js';
import { currentLocation, navigate, startRouter } from './router.js';
import { FORBIDDEN, NOT_FOUND, findRoute, normalizePath, safeReturnPath } from './routes.js';
import {
  canOpen, clearSession, getSession, loadSession, logout, mustAcceptTerms, mustEnrolTotp,
} from './session.js';

const root = document.getElementById('app');
let drawing = 0;
let controller = null;
let cleanup = null;

function homeOf(session) {
  return mustEnrolTotp(session) ? '/configuracion' : '/inicio';
}

function setTitle(title) {
  document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
}

/** The login URL that comes back to this location once signed in. */
function loginReturningTo(path, query) {
  const back = `${path}${query.toString() ? `?${query}` : ''}`;
  return back === '/inicio' ? '/login' : `/login?volver=${encodeURIComponent(back)}`;
}

/** The acceptance of a new terms version, coming back to `back` once accepted (issue 18). */
function termsAcceptanceReturningTo(back) {
  const target = safeReturnPath(back);
  return target === '/inicio' ? '/terminos/aceptar'
    : `/terminos/aceptar?volver=${encodeURIComponent(target)}`;
}

/**
 * A private route: the login without a session, 2FA first for staff without it, a new terms
 * version first for a member who has not accepted it, then the menu.
 */
function resolvePrivate(route, path, query, session) {
  if (!session) return { redirect: loginReturningTo(path, query) };
  if (mustEnrolTotp(session) && route.menuKey !== 'configuracion') {
    return { redirect: '/configuracion' };
  }
  if (mustAcceptTerms(session)) {
    return { redirect: termsAcceptanceReturningTo(`${path}${query.toString() ? `?${query}` : ''}`) };
  }
  if (!canOpen(session, route.menuKey)) return { route: FORBIDDEN, frame: 'shell' };
  return { route, frame: 'shell' };
}

/** Decide what a location shows: a redirect, or a route with its frame. */
function resolve(path, query, session) {
  if (path === '/') return { redirect: session ? homeOf(session) : '/login' };
  const route = findRoute(path);
  if (!route) return { route: NOT_FOUND, frame: session ? 'shell' : 'public' };
  if (route.access === 'guest') {
    return session ? { redirect: homeOf(session) } : { route, frame: 'public' };
  }
  if (route.access === 'public') return { route, frame: 'public' };
  return resolvePrivate(route, path, query, session);
}

async function signOut() {
  // The screen's requests end first: one still in flight when the session ends would answer
  // 401 and send the user to "sesión expirada" instead of the login.
  leaveScreen();
  try {
    await logout();
  } catch {
    // The server may already have ended it; the user leaves either way.
  }
  dropShell();
  await navigate('/login', { replace: true });
}

/** After the login (and its 2FA step): load the session and open the requested screen. */
async function completeSignIn(returnTo) {
  const session = await loadSession();
  if (!session) {
    // The login answered 200 but the browser kept no session cookie.
    throw new ApiError(401, 'session_not_kept', 'No se pudo iniciar la sesión. Verifica que tu ' +
      'navegador acepte cookies de este sitio e inténtalo de nuevo.');
  }
  let next = safeReturnPath(returnTo);
  if (mustEnrolTotp(session)) next = '/configuracion';
  else if (mustAcceptTerms(session)) next = termsAcceptanceReturningTo(returnTo);
  await navigate(next, { replace: true });
}

function focusHeading(container) {
  const target = container.querySelector('h1') || container.closest('main');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

function showStartupError(error) {
  setTitle('Sin conexión');
  const body = renderPublicFrame(root);
  replaceChildren(body,
    h('h1', { className: 'auth-title' }, 'No pudimos cargar el portal'),
    errorState({
      message: (error && error.message) || 'Ocurrió un error inesperado. Inténtalo nuevamente.',
      onRetry: () => window.location.reload(),
    }));
}

/** Leave the previous screen: abort its requests and run its cleanup. */
function leaveScreen() {
  if (controller) controller.abort();
  controller = new AbortController();
  if (typeof cleanup === 'function') {
    try { cleanup(); } catch { /* a view's cleanup must not block navigation */ }
  }
  cleanup = null;
}

/** On the first draw, ask who is signed in; false when the portal could not start. */
async function loadSessionOnStart() {
  try {
    await loadSession();
    return true;
  } catch (error) {
    showStartupError(error);
    return false;
  }
}

/** Put the frame the route needs (the shell or the public card) and a spinner in it. */
function drawFrame(decision, path, session, info) {
  setTitle(decision.route.title);
  const container = decision.frame === 'shell'
    ? renderShell(root, session, path, { onLogout: signOut })
    : renderPublicFrame(root);
  replaceChildren(container, spinner());
  if (!info.initial && !info.pop) window.scrollTo(0, 0);
  return container;
}

/** The route's view module, or null (with an error drawn) when its chunk could not be loaded. */
async function loadView(route, container, isCurrent) {
  try {
    return await route.load();
  } catch {
    if (isCurrent()) {
      replaceChildren(container, errorState({
        message: 'No se pudo cargar esta sección. Revisa tu conexión e inténtalo de nuevo.',
        onRetry: () => window.location.reload(),
      }));
    }
    return null;
  }
}

/** A view that failed: its Spanish error with "Reintentar" (an abort or a 401 is not one). */
function showViewFailure(container, error, isCurrent) {
  if (!isCurrent() || (error && error.name === 'AbortError')) return;
  if (error && error.status === 401) return; // the API client is already leaving for the login
  if (!(error instanceof ApiError)) console.error(error); // a bug: let developers (and e2e) see it
  replaceChildren(container, errorState({
    message: (error && error.status !== undefined && error.message) ||
      'Ocurrió un error inesperado. Inténtalo nuevamente.',
    onRetry: () => draw(currentLocation()),
  }));
}

/** What a view's render gave back: a cleanup function, or nodes to append. */
function takeRendered(container, value) {
  if (typeof value === 'function') cleanup = value;
  else if (value) container.append(...[value].flat().filter(Boolean));
}

/** Run the view's render (sync or async) into the container. */
async function renderView(view, ctx, info) {
  const { container, route, isCurrent } = ctx;
  let result;
  try {
    result = view && typeof view.render === 'function' ? view.render(ctx) : comingSoon(route.title);
  } catch (error) {
    showViewFailure(container, error, isCurrent);
    return;
  }
  const pending = result && typeof result.then === 'function';
  if (!pending) takeRendered(container, result);
  if (!info.initial) focusHeading(container);
  if (!pending) return;
  try {
    const value = await result;
    if (isCurrent()) takeRendered(container, value);
  } catch (error) {
    showViewFailure(container, error, isCurrent);
  }
}

async function draw(location, info = {}) {
  const token = ++drawing;
  const isCurrent = () => token === drawing;
  leaveScreen();

  const path = normalizePath(location.path);
  if (path !== location.path) {
    return navigate(`${path}${window.location.search}${window.location.hash}`, { replace: true });
  }
  if (info.initial && (!(await loadSessionOnStart()) || !isCurrent())) return undefined;

  const session = getSession();
  const decision = resolve(path, location.query, session);
  if (decision.redirect) return navigate(decision.redirect, { replace: true });

  const { route } = decision;
  const container = drawFrame(decision, path, session, info);
  const view = await loadView(route, container, isCurrent);
  if (!view || !isCurrent()) return undefined;

  replaceChildren(container);
  const ctx = {
    container,
    route,
    path,
    query: location.query,
    session,
    signal: controller.signal,
    navigate,
    setTitle,
    completeSignIn,
    signOut,
    isCurrent,
  };
  await renderView(view, ctx, info);
  return undefined;
}

/** The login after an expired session: it says so, and comes back here once signed in. */
function expiredLoginReturningTo(path, query) {
  if (path === '/login') {
    const kept = new URLSearchParams(query);
    kept.set('expirada', '1');
    return `/login?${kept}`;
  }
  const login = loginReturningTo(path, query);
  return `${login}${login.includes('?') ? '&' : '?'}expirada=1`;
}

setSessionExpiredHandler(() => {
  clearSession();
  dropShell();
  const here = currentLocation();
  if (here.path === '/login' && here.query.get('expirada') === '1') return;
  navigate(expiredLoginReturningTo(here.path, here.query), { replace: true });
});

setTotpEnrolmentHandler(() => {
  loadSession().catch(() => null).finally(() => navigate('/configuracion', { replace: true }));
});

setTermsAcceptanceHandler(() => {
  const here = currentLocation();
  if (here.path === '/terminos/aceptar') return;
  const back = `${here.path}${here.query.toString() ? `?${here.query}` : ''}`;
  loadSession().catch(() => null)
    .finally(() => navigate(termsAcceptanceReturningTo(back), { replace: true }));
});

startRouter(draw);
