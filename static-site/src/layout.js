// The two page frames:
//  - the signed-in shell: left menu in the cooperative's dark blue with the role's items, the
//    user's name and role, "Cerrar sesión"; on a phone (< 768 px) a top bar with a menu button
//    that opens the menu as a drawer; the "Activar 2FA" banner on Inicio for members without 2FA;
//  - the public frame (login, registration, recovery): a centred card.

import './styles/footer.css';
import { h, svg, replaceChildren } from './dom.js';
import { fullName } from './format.js';
import { stopIdleWatch, watchIdleSession } from './idle-warning.js';
import { APP_NAME, menuEntries, roleLabel } from './menu.js';
import { mustEnrolTotp, suggestsTotp } from './session.js';

const PHONE_QUERY = '(max-width: 767.98px)';

let shell = null;

function menuIcon() {
  return svg('svg', { viewBox: '0 0 24 24', width: '24', height: '24', 'aria-hidden': 'true',
    focusable: 'false' },
  svg('path', { d: 'M4 6h16M4 12h16M4 18h16', stroke: 'currentColor', 'stroke-width': '2',
    'stroke-linecap': 'round', fill: 'none' }));
}

function shieldIcon() {
  return svg('svg', { viewBox: '0 0 24 24', width: '20', height: '20', 'aria-hidden': 'true',
    focusable: 'false' },
  svg('path', { d: 'M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z M9 12l2 2 4-4',
    stroke: 'currentColor', 'stroke-width': '2', 'stroke-linejoin': 'round',
    'stroke-linecap': 'round', fill: 'none' }));
}

/**
 * Every page's footer: the terms, the privacy policy, the rates and the contact page (issue 18),
 * outside <main> so it is the page's contentinfo landmark.
 */
function siteFooter() {
  return h('footer', { className: 'site-footer' },
    h('ul', { className: 'site-footer-links' },
      h('li', {}, h('a', { href: '/libro-de-reclamaciones', className: 'site-footer-complaints' },
        'Libro de Reclamaciones')),
      h('li', {}, h('a', { href: '/terminos' }, 'Términos y condiciones')),
      h('li', {}, h('a', { href: '/privacidad' }, 'Política de privacidad')),
      h('li', {}, h('a', { href: '/tasas-y-tarifas' }, 'Tasas y tarifas')),
      h('li', {}, h('a', { href: '/contacto' }, 'Contacto'))));
}

function brand() {
  return h('p', { className: 'brand' },
    h('span', { className: 'brand-mark', 'aria-hidden': 'true' }, 'CP'),
    h('span', { className: 'brand-name' }, APP_NAME));
}

/**
 * Build (or reuse) the signed-in shell for this session and mark `activePath`.
 * `onLogout` is called when "Cerrar sesión" is pressed. Returns the <main> to draw into.
 */
export function renderShell(root, session, activePath, { onLogout }) {
  const key = `${session.user.id}|${session.user.role}|${mustEnrolTotp(session)}|` +
    `${session.user.totp_enabled}|${(session.menu || []).join(',')}`;
  if (!shell || shell.key !== key || !root.contains(shell.frame)) {
    shell = buildShell(session, onLogout);
    shell.key = key;
    replaceChildren(root, shell.frame);
  }
  watchIdleSession(session, onLogout);
  shell.markActive(activePath);
  shell.closeDrawer({ restoreFocus: false });
  shell.totpBanner.hidden = !suggestsTotp(session) || activePath !== '/inicio' ||
    totpBannerDismissed(session);
  return shell.main;
}

/**
 * A short note beside a menu entry («Nueva respuesta» beside Buzón), or none: a sibling of the
 * link, so the entry's name stays what it is.
 */
export function setMenuNote(path, text) {
  if (!shell) return;
  const item = shell.frame.querySelector(`.menu-link[data-path="${path}"]`)?.closest('li');
  if (!item) return;
  item.querySelector('.menu-note')?.remove();
  if (text) item.append(h('span', { className: 'menu-note' }, text));
}

/** Show the signed-in user's new name under the menu (after "Actualizar datos"). */
export function updateShellUser(session) {
  if (shell && session && session.user) shell.setUser(session.user);
}

/** Forget the shell (after logout), so the next session builds its own. */
export function dropShell() {
  stopIdleWatch();
  if (shell) {
    shell.destroy();
    forgetTotpBannerDismissal();
  }
  shell = null;
}

/** Leaving the signed-in frame (sign-out, expiry): the next sign-in shows the 2FA banner again. */
function forgetTotpBannerDismissal() {
  try { window.sessionStorage.removeItem(DISMISSED_KEY); } catch { /* private mode */ }
}

/** "Cerrar sesión": busy while the logout runs, so it is not pressed twice. */
function logoutButtonFor(onLogout) {
  const button = h('button', { type: 'button', className: 'logout-button' }, 'Cerrar sesión');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await onLogout();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

function sidebarOf(session, links, userName, logoutButton, closeButton) {
  return h('nav', { className: 'sidebar', id: 'menu-principal', 'aria-label': 'Menú principal' },
    h('div', { className: 'sidebar-brand' }, brand(), closeButton),
    h('ul', { className: 'menu' }, links.map((link) => h('li', { className: 'menu-item' }, link))),
    h('div', { className: 'sidebar-user' },
      userName,
      h('p', { className: 'user-role' }, roleLabel(session.user.role)),
      logoutButton));
}

const DISMISSED_KEY = 'coopac.totpBannerDismissed';

/** «Ahora no» hides the 2FA invitation until the next sign-in (this tab's session storage). */
function totpBannerDismissed(session) {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY) === session.user.id;
  } catch {
    return false;
  }
}

/**
 * The invitation to turn on 2FA, for members without it: a banner at the top of Inicio, in the
 * flow of the page, so it never covers an amount, an error or a heading (it was a floating
 * button). Configuración holds the 2FA card itself.
 */
function totpBannerOf(session) {
  const dismiss = h('button', { type: 'button', className: 'button button-link' }, 'Ahora no');
  const banner = h('section', { className: 'notice notice-info totp-banner', hidden: true,
    'aria-label': 'Verificación en dos pasos' },
  shieldIcon(),
  h('p', { className: 'totp-banner-text' }, 'Protege tu cuenta: activa la verificación en dos ' +
    'pasos (2FA) y nadie podrá entrar solo con tu contraseña.'),
  h('div', { className: 'totp-banner-actions' },
    h('a', { className: 'button', href: '/configuracion' }, 'Activar 2FA'), dismiss));
  dismiss.addEventListener('click', () => {
    try { window.sessionStorage.setItem(DISMISSED_KEY, session.user.id); } catch { /* private mode */ }
    banner.hidden = true;
  });
  return banner;
}

function enrolNoticeOf(enrolOnly) {
  if (!enrolOnly) return null;
  return h('div', { className: 'notice notice-warning enrol-notice', role: 'status' },
    'Por seguridad, el personal debe activar la autenticación en dos pasos (2FA). ' +
    'Actívala en Configuración para acceder al resto del portal.');
}

/**
 * The phone drawer: the menu button opens the sidebar over the page; the backdrop, Escape and
 * leaving the phone width close it. Returns {close(options), destroy()}.
 */
function phoneDrawer(parts) {
  const { frame, sidebar, backdrop, menuButton, closeButton, contentWrap, firstFocus } = parts;
  const phone = window.matchMedia(PHONE_QUERY);
  let open = false;

  function setOpen(value, { restoreFocus = true } = {}) {
    open = value && phone.matches;
    sidebar.classList.toggle('is-open', open);
    frame.classList.toggle('drawer-open', open);
    backdrop.hidden = !open;
    // While the drawer is open the page behind it is out of reach (a modal drawer).
    contentWrap.inert = open;
    menuButton.setAttribute('aria-expanded', String(open));
    menuButton.setAttribute('aria-label', open ? 'Cerrar menú' : 'Abrir menú');
    if (open) {
      (sidebar.querySelector('[aria-current="page"]') || firstFocus).focus();
    } else if (restoreFocus && phone.matches) {
      menuButton.focus();
    }
  }
  menuButton.addEventListener('click', () => setOpen(!open));
  backdrop.addEventListener('click', () => setOpen(false));
  closeButton.addEventListener('click', () => setOpen(false));
  const onKey = (event) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };
  document.addEventListener('keydown', onKey);
  const onMedia = () => setOpen(false, { restoreFocus: false });
  phone.addEventListener('change', onMedia);
  setOpen(false, { restoreFocus: false });

  return {
    close(options) {
      if (open) setOpen(false, options);
    },
    destroy() {
      document.removeEventListener('keydown', onKey);
      phone.removeEventListener('change', onMedia);
    },
  };
}

function buildShell(session, onLogout) {
  const enrolOnly = mustEnrolTotp(session);
  const entries = menuEntries(session.menu)
    .filter((entry) => !enrolOnly || entry.key === 'configuracion');
  const links = entries.map((entry) => h('a', {
    className: 'menu-link', href: entry.path, dataset: { path: entry.path },
  }, entry.label));
  const logoutButton = logoutButtonFor(onLogout);
  const userName = h('p', { className: 'user-name' }, fullName(session.user));
  // The drawer's own «Cerrar menú» (phones only): the backdrop alone is not a visible way out.
  const closeButton = h('button', { type: 'button', className: 'drawer-close',
    'aria-label': 'Cerrar menú' }, '✕');
  const sidebar = sidebarOf(session, links, userName, logoutButton, closeButton);

  const menuButton = h('button', {
    type: 'button', className: 'menu-button', 'aria-controls': 'menu-principal',
    'aria-expanded': 'false',
  }, menuIcon(), h('span', { className: 'menu-button-label' }, 'Menú'));
  const topbar = h('header', { className: 'topbar' }, menuButton, brand());
  const backdrop = h('div', { className: 'backdrop', hidden: true });
  const main = h('main', { className: 'content', id: 'contenido', tabindex: '-1' });
  const totpBanner = totpBannerOf(session);
  const contentWrap = h('div', { className: 'content-wrap' }, enrolNoticeOf(enrolOnly),
    totpBanner, main, siteFooter());
  const frame = h('div', { className: 'app-frame' },
    h('a', { className: 'skip-link', href: '#contenido' }, 'Saltar al contenido'),
    topbar, sidebar, backdrop, contentWrap);

  const drawer = phoneDrawer({ frame, sidebar, backdrop, menuButton, closeButton, contentWrap,
    firstFocus: links[0] || logoutButton });
  return {
    frame, main, totpBanner,
    markActive(path) {
      for (const link of links) {
        if (link.dataset.path === path) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
    setUser(user) {
      userName.textContent = fullName(user);
    },
    closeDrawer: drawer.close,
    destroy: drawer.destroy,
  };
}

/** The public frame: brand panel and a centred card. Returns the card body to draw into. */
export function renderPublicFrame(root) {
  dropShell();
  const body = h('div', { className: 'auth-card-body' });
  const frame = h('div', { className: 'auth-frame' },
    h('aside', { className: 'auth-aside' },
      brand(),
      h('p', { className: 'auth-tagline' },
        'Plataforma digital de atención y servicios financieros para socios')),
    h('main', { className: 'auth-main', id: 'contenido', tabindex: '-1' },
      h('div', { className: 'auth-card' }, body)),
    siteFooter());
  replaceChildren(root, frame);
  return body;
}
