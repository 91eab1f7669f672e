// The registry of screens: URL → title, who may open it and the view module that draws it.
//
// One module per view in `src/views/<name>.js`, loaded on demand. A view module exports
// `render(ctx)` (see `src/views/README.md`). To build a screen, replace its placeholder module;
// the route, title, menu entry and guard are already here.

import { MENU_LABELS, pathOfMenuKey } from './menu.js';

/**
 * access:
 *   'guest'   — only without a session (a signed-in user is sent to /inicio);
 *   'public'  — with or without a session (links from e-mails, the terms);
 *   'private' — needs a session whose `menu` holds `menuKey`.
 */
const GUEST = [
  { path: '/login', title: 'Iniciar sesión', view: 'login', load: () => import('./views/login.js') },
  { path: '/registro', title: 'Crear cuenta', view: 'registro', load: () => import('./views/registro.js') },
  { path: '/recuperar', title: 'Recuperar contraseña', view: 'recuperar', load: () => import('./views/recuperar.js') },
  { path: '/reenviar-activacion', title: 'Reenviar enlace de activación', view: 'reenviar-activacion', load: () => import('./views/reenviar-activacion.js') },
].map((route) => ({ ...route, access: 'guest' }));

const PUBLIC = [
  { path: '/activar', title: 'Activar cuenta', view: 'activar', load: () => import('./views/activar.js') },
  { path: '/restablecer', title: 'Restablecer contraseña', view: 'restablecer', load: () => import('./views/restablecer.js') },
  { path: '/terminos', title: 'Términos y condiciones', view: 'terminos', load: () => import('./views/terminos.js') },
  // Issue 18: a member signed in whose accepted terms are older than the version in force
  // (the view sends anyone else on to `volver`); public so that no menu or shell is drawn.
  { path: '/terminos/aceptar', title: 'Actualizamos nuestros términos', view: 'terminos-aceptar', load: () => import('./views/terminos-aceptar.js') },
  { path: '/confirmar-correo', title: 'Confirmar correo electrónico', view: 'confirmar-correo', load: () => import('./views/confirmar-correo.js') },
  { path: '/no-fui-yo', title: 'No fui yo', view: 'no-fui-yo', load: () => import('./views/no-fui-yo.js') },
  { path: '/cerrar-sesion', title: 'Cerrar esa sesión', view: 'cerrar-sesion', load: () => import('./views/cerrar-sesion.js') },
  { path: '/verificar', title: 'Verificar un documento', view: 'verificar', load: () => import('./views/verificar.js') },
  { path: '/privacidad', title: 'Política de privacidad', view: 'privacidad', load: () => import('./views/privacidad.js') },
  { path: '/tasas-y-tarifas', title: 'Tasas y tarifas', view: 'tasas-y-tarifas', load: () => import('./views/tasas-y-tarifas.js') },
  { path: '/contacto', title: 'Contacto', view: 'contacto', load: () => import('./views/contacto.js') },
  { path: '/libro-de-reclamaciones', title: 'Libro de Reclamaciones', view: 'libro-de-reclamaciones', load: () => import('./views/libro-de-reclamaciones.js') },
  { path: '/reclamos/estado', title: 'Estado de tu reclamo', view: 'reclamos-estado', load: () => import('./views/reclamos-estado.js') },
].map((route) => ({ ...route, access: 'public' }));

/** Menu key → its view module. Vite needs literal import paths to split the bundle. */
const PRIVATE_VIEWS = {
  inicio: () => import('./views/inicio.js'),
  aportes: () => import('./views/aportes.js'),
  ahorros: () => import('./views/ahorros.js'),
  plazo_fijo: () => import('./views/plazo-fijo.js'),
  movimientos: () => import('./views/movimientos.js'),
  prestamos: () => import('./views/prestamos.js'),
  beneficio_familiar: () => import('./views/beneficio-familiar.js'),
  cts: () => import('./views/cts.js'),
  simulacion: () => import('./views/simulacion.js'),
  buzon: () => import('./views/buzon.js'),
  configuracion: () => import('./views/configuracion.js'),
  mensajes: () => import('./views/mensajes.js'),
  solicitudes: () => import('./views/solicitudes.js'),
  beneficiarios: () => import('./views/beneficiarios.js'),
  codigos_registro: () => import('./views/codigos-registro.js'),
  reclamaciones: () => import('./views/reclamaciones.js'),
  usuarios: () => import('./views/usuarios.js'),
  importaciones: () => import('./views/importaciones.js'),
  productos: () => import('./views/productos.js'),
  auditoria: () => import('./views/auditoria.js'),
  reparto: () => import('./views/reparto.js'),
  feriados: () => import('./views/feriados.js'),
  terminos_condiciones: () => import('./views/terminos-condiciones.js'),
  contenido_publico: () => import('./views/contenido-publico.js'),
};

const PRIVATE = Object.entries(PRIVATE_VIEWS).map(([menuKey, load]) => ({
  path: pathOfMenuKey(menuKey),
  title: MENU_LABELS[menuKey],
  view: pathOfMenuKey(menuKey).slice(1),
  access: 'private',
  menuKey,
  load,
}));

export const ROUTES = Object.freeze([...GUEST, ...PUBLIC, ...PRIVATE]);

export const NOT_FOUND = Object.freeze({
  path: null, title: 'Página no encontrada', view: 'no-encontrada', access: 'public',
  load: () => import('./views/no-encontrada.js'),
});

export const FORBIDDEN = Object.freeze({
  path: null, title: 'Sin acceso', view: 'sin-acceso', access: 'private',
  load: () => import('./views/sin-acceso.js'),
});

const BY_PATH = new Map(ROUTES.map((route) => [route.path, route]));

/** The route of a path (without query), or null. Trailing slashes are ignored. */
export function findRoute(path) {
  return BY_PATH.get(normalizePath(path)) || null;
}

/** "/ahorros/" → "/ahorros"; "" → "/". Paths are case-sensitive, like the links. */
export function normalizePath(path) {
  const clean = String(path || '/').replace(/\/{2,}/g, '/');
  return clean.length > 1 ? clean.replace(/\/+$/, '') : '/';
}

/** The screen after signing in: the requested one when it is a known private screen. */
export function safeReturnPath(candidate, fallback = '/inicio') {
  if (typeof candidate !== 'string' || !candidate.startsWith('/') || candidate.startsWith('//')) {
    return fallback;
  }
  const route = findRoute(candidate.split(/[?#]/)[0]);
  return route && route.access === 'private' ? candidate : fallback;
}
