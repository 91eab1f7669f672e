// The menu of each role: the API's `menu` keys (docs/design/API.md "Menu keys by role"), their Spanish labels
// (manual 2.3) and the screen each one opens.

export const APP_NAME = 'COOPAC PETROPERÚ';

/** Menu key → label, in the manual's words. */
export const MENU_LABELS = Object.freeze({
  inicio: 'Inicio',
  aportes: 'Aportes',
  ahorros: 'Ahorros',
  plazo_fijo: 'Cuentas a Plazo Fijo',
  movimientos: 'Últimos Movimientos',
  prestamos: 'Préstamos',
  beneficio_familiar: 'Beneficio Familiar',
  cts: 'CTS',
  simulacion: 'Simulación de Crédito',
  buzon: 'Buzón',
  configuracion: 'Configuración',
  mensajes: 'Administración de Mensajes',
  solicitudes: 'Solicitudes de Crédito',
  beneficiarios: 'Beneficiarios',
  codigos_registro: 'Códigos de registro',
  reclamaciones: 'Reclamaciones',
  usuarios: 'Usuarios',
  importaciones: 'Importaciones',
  productos: 'Productos',
  auditoria: 'Auditoría',
  reparto: 'Reparto de casos',
  contenido_publico: 'Contenido público',
  feriados: 'Feriados',
  terminos_condiciones: 'Términos y condiciones',
});

/** Menu key → path: the key with dashes (`plazo_fijo` → `/plazo-fijo`). */
export function pathOfMenuKey(key) {
  return `/${key.replaceAll('_', '-')}`;
}

/** API role → Spanish name shown under the user's name. */
export const ROLE_LABELS = Object.freeze({
  member: 'Socio',
  operator: 'Operador de crédito',
  admin: 'Administrador',
  super_admin: 'Superadministrador',
});

export function roleLabel(role) {
  return ROLE_LABELS[role] || String(role || '');
}

/** The menu entries of a session, in the API's order, skipping keys this site does not know. */
export function menuEntries(menuKeys) {
  return (Array.isArray(menuKeys) ? menuKeys : [])
    .filter((key) => Object.hasOwn(MENU_LABELS, key))
    .map((key) => ({ key, label: MENU_LABELS[key], path: pathOfMenuKey(key) }));
}

/** The menus the API sends per role: the server's (domain/shared/permissions.py), generated. */
export { MENUS_BY_ROLE } from './generated/server-constants.js';
