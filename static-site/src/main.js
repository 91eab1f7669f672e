// The app: ask who is signed in, then draw each location with its guard, frame and view.

import './styles/main.css';

import { ApiError, setSessionExpiredHandler, setTotpEnrolmentHandler } from './api.js';
import { comingSoon, errorState, spinner } from './components.js';
import { h, replaceChildren } from './dom.js';
import { dropShell, renderPublicFrame, renderShell } from './layout.js';
import { APP_NAME } from './menu.js';
import { currentLocation, navigate, startRouter } from './router.js';
import { FORBIDDEN, NOT_FOUND, findRoute, normalizePath, safeReturnPath } from './routes.js';
import {
  canOpen, clearSession, getSession, loadSession, logout, mustEnrolTotp,
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

/** Decide what a location shows: a redirect, or a route with its frame. */
function resolve(path, query, session) {
  if (path === '/') return { redirect: session ? homeOf(session) : '/login' };
  const route = findRoute(path);
  if (!route) return { route: NOT_FOUND, frame: session ? 'shell' : 'public' };
  if (route.access === 'guest') {
    return session ? { redirect: homeOf(session) } : { route, frame: 'public' };
  }
  if (route.access === 'public') return { route, frame: 'public' };
  if (!session) {
    const back = `${path}${query.toString() ? `?${query}` : ''}`;
    return { redirect: back === '/inicio' ? '/login' : `/login?volver=${encodeURIComponent(back)}` };
  }
  if (mustEnrolTotp(session) && route.menuKey !== 'configuracion') {
    return { redirect: '/configuracion' };
  }
  if (!canOpen(session, route.menuKey)) return { route: FORBIDDEN, frame: 'shell' };
  return { route, frame: 'shell' };
}

async function signOut() {
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
  await navigate(mustEnrolTotp(session) ? '/configuracion' : safeReturnPath(returnTo),
    { replace: true });
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

async function draw(location, info = {}) {
  const token = ++drawing;
  if (controller) controller.abort();
  controller = new AbortController();
  if (typeof cleanup === 'function') {
    try { cleanup(); } catch { /* a view's cleanup must not block navigation */ }
  }
  cleanup = null;

  const path = normalizePath(location.path);
  if (path !== location.path) {
    return navigate(`${path}${window.location.search}${window.location.hash}`, { replace: true });
  }
  if (info.initial) {
    try {
      await loadSession();
    } catch (error) {
      showStartupError(error);
      return undefined;
    }
    if (token !== drawing) return undefined;
  }

  const session = getSession();
  const decision = resolve(path, location.query, session);
  if (decision.redirect) return navigate(decision.redirect, { replace: true });

  const { route } = decision;
  setTitle(route.title);
  const container = decision.frame === 'shell'
    ? renderShell(root, session, path, { onLogout: signOut })
    : renderPublicFrame(root);
  replaceChildren(container, spinner());
  if (!info.initial && !info.pop) window.scrollTo(0, 0);

  let view;
  try {
    view = await route.load();
  } catch {
    if (token !== drawing) return undefined;
    replaceChildren(container, errorState({
      message: 'No se pudo cargar esta sección. Revisa tu conexión e inténtalo de nuevo.',
      onRetry: () => window.location.reload(),
    }));
    return undefined;
  }
  if (token !== drawing) return undefined;

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
    isCurrent: () => token === drawing,
  };
  const take = (value) => {
    if (typeof value === 'function') cleanup = value;
    else if (value) container.append(...[value].flat().filter(Boolean));
  };
  const failed = (error) => {
    if (token !== drawing || (error && error.name === 'AbortError')) return;
    if (error && error.status === 401) return; // the API client is already leaving for the login
    // eslint-disable-next-line no-console
    if (!(error instanceof ApiError)) console.error(error); // a bug: let developers (and e2e) see it
    replaceChildren(container, errorState({
      message: (error && error.status !== undefined && error.message) ||
        'Ocurrió un error inesperado. Inténtalo nuevamente.',
      onRetry: () => draw(currentLocation()),
    }));
  };
  let result;
  try {
    result = view && typeof view.render === 'function' ? view.render(ctx) : comingSoon(route.title);
  } catch (error) {
    failed(error);
    return undefined;
  }
  const pending = result && typeof result.then === 'function';
  if (!pending) take(result);
  if (!info.initial) focusHeading(container);
  if (pending) {
    try {
      const value = await result;
      if (token === drawing) take(value);
    } catch (error) {
      failed(error);
    }
  }
  return undefined;
}

setSessionExpiredHandler(() => {
  clearSession();
  dropShell();
  const here = currentLocation();
  if (here.path === '/login' && here.query.get('expirada') === '1') return;
  navigate('/login?expirada=1', { replace: true });
});

setTotpEnrolmentHandler(() => {
  loadSession().catch(() => null).finally(() => navigate('/configuracion', { replace: true }));
});

startRouter(draw);
