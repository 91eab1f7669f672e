// The administration screens' rules in the browser (Usuarios, Importaciones, Productos,
// Auditoría; docs/design/API.md "admin"): labels, filters → query, the percent ↔ fraction conversion of the
// product rates (by string manipulation, never floats), the audit file name and Lima times with
// seconds. Pure: no DOM here, so node --test covers it.

/** Staff and member roles in Spanish (the table and the selects). */
export const ROLE_NAMES = Object.freeze({
  member: 'Socio',
  operator: 'Operador',
  admin: 'Administrador',
  super_admin: 'Superadministrador',
});

export const ROLE_FILTERS = Object.freeze(['member', 'operator', 'admin', 'super_admin']);

export function roleName(role) {
  return ROLE_NAMES[role] || String(role || '—');
}

/** The roles a signed-in admin may give to staff: super_admin only to super_admins, and an
 * admin creates and changes operators only (the API refuses the rest with 403). */
export function grantableRoles(actorRole) {
  if (actorRole === 'super_admin') return ['operator', 'admin', 'super_admin'];
  if (actorRole === 'admin') return ['operator'];
  return [];
}

/** Whether the actor may act on a user of that role (admins and super_admins only by a
 * super_admin). */
export function canManage(actorRole, targetRole) {
  if (actorRole === 'super_admin') return true;
  return actorRole === 'admin' && (targetRole === 'member' || targetRole === 'operator');
}

export const USER_STATUS = Object.freeze({
  active: { label: 'Activo', tone: 'success' },
  invited: { label: 'Invitado', tone: 'info' },
  inactive: { label: 'Inactivo', tone: 'neutral' },
  pending: { label: 'Pendiente', tone: 'warning' },
  pending_activation: { label: 'Pendiente de activación', tone: 'warning' },
});

export function userStatus(user) {
  if (user && user.locked) return { label: 'Bloqueado', tone: 'danger' };
  const status = user ? user.status : null;
  return USER_STATUS[status] || { label: String(status || '—'), tone: 'neutral' };
}

/** The API's error codes of the admin routes, in the words of the screen. */
const ERROR_MESSAGES = Object.freeze({
  last_admin: 'Debe quedar al menos un superadministrador activo: no se puede quitar el último.',
  cannot_change_self: 'No puedes cambiar tu propio rol, desactivar tu propia cuenta ni '
    + 'restablecer tu propia verificación desde la administración.',
  super_admin_required: 'Solo un superadministrador puede crear, promover, degradar o '
    + 'desactivar administradores.',
  forbidden: 'No tienes permiso para realizar esta acción.',
  user_not_found: 'El usuario no existe.',
  email_taken: 'Ya existe una cuenta con ese correo electrónico.',
});

/** The Spanish text of an ApiError from an admin route (the API's own message when it has one,
 * a known text for the codes above, a 403 always in Spanish). */
export function adminErrorMessage(error) {
  if (!error) return ERROR_MESSAGES.forbidden;
  if (error.code && ERROR_MESSAGES[error.code] && (!error.message || error.status === 403)) {
    return ERROR_MESSAGES[error.code];
  }
  if (error.status === 403 && !error.message) return ERROR_MESSAGES.forbidden;
  return error.message || 'Ocurrió un error inesperado. Inténtalo nuevamente.';
}

// --- imports ---------------------------------------------------------------------------------

/** The core system's files, in the order of the select (API kind → Spanish label). */
export const IMPORT_KINDS = Object.freeze([
  ['members', 'Padrón de socios'],
  ['contributions', 'Aportes'],
  ['savings', 'Ahorros'],
  ['fixed_deposits', 'Plazo fijo'],
  ['loans', 'Préstamos'],
  ['cts', 'CTS'],
  ['family_benefit', 'Beneficio familiar'],
  ['movements', 'Movimientos'],
]);

const KIND_LABELS = Object.fromEntries(IMPORT_KINDS);

export function importKindLabel(kind) {
  return KIND_LABELS[kind] || String(kind || '—');
}

export const IMPORT_STATUS = Object.freeze({
  pending: { label: 'Esperando archivo', tone: 'neutral' },
  processing: { label: 'Procesando', tone: 'info' },
  completed: { label: 'Completada', tone: 'success' },
  failed: { label: 'Fallida', tone: 'danger' },
  stalled: { label: 'Interrumpida', tone: 'danger' },
});

/** What the admin should do about a run that will not finish by itself (the API's `stalled`). */
export const STALLED_IMPORT_TEXT = 'Esta importación no terminó: el archivo no llegó a tiempo o la '
  + 'carga se interrumpió varias veces. Vuelve a importar el archivo; los datos se reemplazan sin '
  + 'duplicarse.';

export function importStatus(status) {
  return IMPORT_STATUS[status] || { label: String(status || '—'), tone: 'neutral' };
}

/** True while the worker may still change the import (keep polling). */
export function importRunning(run) {
  return Boolean(run) && (run.status === 'pending' || run.status === 'processing');
}

/** The progress bar's value 0–100: rows done over rows total; a finished run is 100. */
export function importProgress(run) {
  if (!run) return 0;
  if (run.status === 'completed' || run.status === 'failed') return 100;
  const total = Number(run.rows_total) || 0;
  if (!total) return 0;
  const done = (Number(run.rows_loaded) || 0) + (Number(run.rows_rejected) || 0);
  return Math.max(0, Math.min(100, Math.floor((done * 100) / total)));
}

/** The largest import file (chalicelib/domain/imports/kinds.py MAX_UPLOAD_BYTES); the API's upload
 * form says it again (`max_bytes`) and S3 refuses a larger file. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

function megabytes(bytes) {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** A chosen file is a CSV (name ends in .csv) and not empty or over the limit. Returns the
 * Spanish problem, or '' when it is fine. */
export function csvFileProblem(file, maxBytes = IMPORT_MAX_BYTES) {
  if (!file) return 'Elige el archivo CSV del sistema central.';
  if (!/\.csv$/i.test(file.name || '')) return 'El archivo debe tener la extensión .csv.';
  if (!file.size) return 'El archivo está vacío.';
  if (file.size > maxBytes) return `El archivo supera el tamaño máximo de ${megabytes(maxBytes)}.`;
  return '';
}

/** What to tell the admin when the storage refused the upload: S3 answers an XML error whose
 * code says why (the form's size limit, an expired form). */
export function storageRefusal(status, body, maxBytes = IMPORT_MAX_BYTES) {
  const code = (/<Code>([^<]+)<\/Code>/.exec(body || '') || [])[1] || '';
  if (code === 'EntityTooLarge') {
    return `El almacenamiento rechazó el archivo: supera el tamaño máximo de ${megabytes(maxBytes || IMPORT_MAX_BYTES)}. `
      + 'Divide la exportación en archivos más pequeños.';
  }
  if (code === 'EntityTooSmall') return 'El almacenamiento rechazó el archivo: está vacío.';
  if (/expired/i.test(body || '')) {
    return 'El enlace de carga venció (dura 15 minutos). Vuelve a intentarlo con una nueva importación.';
  }
  return `El almacenamiento rechazó el archivo (HTTP ${status}). `
    + 'Vuelve a intentarlo con una nueva importación.';
}

/** Whether an upload URL is the site's own origin (the CSP `connect-src 'self'` lets the
 * browser send it) — a presigned S3 URL on another origin is refused by the browser. */
export function sameOrigin(url, origin) {
  try {
    return new URL(url, origin).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

// --- audit -----------------------------------------------------------------------------------

/** Actions recorded in the audit, in Spanish (unknown ones are shown as they come). */
export const AUDIT_ACTIONS = Object.freeze({
  'auth.login': 'Inicio de sesión',
  'auth.login_totp': 'Verificación en dos pasos',
  'auth.logout': 'Cierre de sesión',
  'auth.lockout': 'Bloqueo por intentos fallidos',
  'auth.throttle': 'Bloqueo de dirección por intentos fallidos',
  'auth.session_ended': 'Cierre de otra sesión desde Configuración',
  'auth.session_ended_by_link': 'Cierre de una sesión desde el aviso de nuevo inicio de sesión',
  'auth.password_changed': 'Cambio de contraseña',
  'auth.password_forgot': 'Solicitud de recuperación de contraseña',
  'auth.password_reset': 'Restablecimiento de contraseña',
  'auth.invitation_accepted': 'Invitación aceptada',
  'auth.backup_code_used': 'Uso de un código de respaldo de 2FA',
  'authorization.denied': 'Acceso denegado',
  'audit.refusals_suppressed': 'Exceso de rechazos: los siguientes solo se cuentan',
  'totp.setup_started': 'Inicio de configuración de 2FA',
  'totp.enabled': 'Activación de 2FA',
  'totp.disabled': 'Desactivación de 2FA',
  'totp.backup_codes_regenerated': 'Nuevos códigos de respaldo de 2FA',
  'terms.published': 'Nueva versión de los términos y condiciones publicada',
  'terms.accepted': 'Aceptación de los términos y condiciones',
  'admin.user_password_reset': 'Envío de enlace para restablecer contraseña',
  'profile.updated': 'Actualización de datos personales',
  'profile.email_change_requested': 'Solicitud de cambio de correo',
  'profile.email_changed': 'Cambio de correo',
  'profile.email_change_reverted': 'Cambio de correo deshecho («No fui yo»)',
  'alerts.preferences_changed': 'Cambio de alertas por correo',
  'registration.submitted': 'Registro de socio',
  'registration.activated': 'Activación de cuenta',
  'registration.activation_resent': 'Reenvío del enlace de activación',
  'registration.expired': 'Cuenta sin activar vencida: DNI y correo liberados',
  'registration.paused': 'Registro en línea pausado para un DNI',
  'registration.code_issued': 'Código de registro emitido en oficina',
  'admin.user_create': 'Creación de usuario',
  'admin.user_update': 'Cambio de rol o estado',
  'admin.user_unlock': 'Desbloqueo de usuario',
  'admin.user_reset_totp': 'Restablecimiento de 2FA',
  'admin.import_start': 'Inicio de importación',
  'admin.audit_view': 'Consulta de auditoría',
  'admin.audit_export': 'Exportación de auditoría',
  'import.loaded': 'Importación procesada',
  'import.upload_refused': 'Archivo adicional rechazado en una importación',
  'import.member_account_disabled': 'Cuenta desactivada: el padrón marcó al socio inactivo',
  'import.member_account_reactivated': 'Cuenta reactivada: el padrón marcó al socio activo',
  'credit.product_created': 'Producto creado',
  'credit.product_updated': 'Producto modificado',
  'credit.application_submitted': 'Solicitud de crédito enviada',
  'credit.application_assigned': 'Solicitud de crédito asignada',
  'credit.application_status_changed': 'Cambio de estado de solicitud',
  'credit.application_observation_added': 'Observación en solicitud',
  'credit.application_access_denied': 'Acceso denegado a solicitud',
  'tickets.created': 'Ticket creado',
  'tickets.assigned': 'Ticket asignado',
  'tickets.message_added': 'Respuesta en ticket',
  'tickets.status_changed': 'Cambio de estado de ticket',
  'tickets.access_denied': 'Acceso denegado a ticket',
  'complaints.filed': 'Libro de Reclamaciones: hoja registrada',
  'complaints.status_checked': 'Libro de Reclamaciones: consulta pública de estado',
  'complaints.assigned': 'Libro de Reclamaciones: hoja asignada',
  'complaints.answered': 'Libro de Reclamaciones: hoja respondida',
  'complaints.access_denied': 'Acceso denegado a una hoja de reclamación',
  'routing.rule_changed': 'Cambio del reparto de casos',
  'info.rates_updated': 'Cambio de tasas y tarifas públicas',
  'info.contact_updated': 'Cambio de agencias y contacto',
  'ticket.auto_assigned': 'Ticket asignado por el reparto',
  'credit.application_auto_assigned': 'Solicitud de crédito asignada por el reparto',
  'tickets.taken': 'Ticket tomado de la cola compartida',
  'credit.application_taken': 'Solicitud tomada de la cola compartida',
  'holidays.added': 'Feriado agregado',
  'holidays.removed': 'Feriado quitado',
  'complaints.exported': 'Libro de Reclamaciones exportado (CSV)',
  'accounts.beneficiary_change_submitted': 'Solicitud de cambio de beneficiarios enviada',
  'accounts.beneficiary_change_assigned': 'Cambio de beneficiarios asignado',
  'accounts.beneficiary_change_status_changed': 'Cambio de estado de cambio de beneficiarios',
  'accounts.beneficiary_change_corrected': 'Cambio de beneficiarios corregido por el socio',
  'reports.generated': 'Reporte generado',
  'reports.verified': 'Verificación pública de un reporte',
  'data_archive.requested': 'Pidió su archivo «Mis datos»',
  'data_archive.built': 'Archivo «Mis datos» preparado',
  'data_archive.downloaded': 'Descargó su archivo «Mis datos»',
});

export function auditActionLabel(action) {
  return AUDIT_ACTIONS[action] || String(action || '—');
}

export const AUDIT_OUTCOMES = Object.freeze({
  success: { label: 'Éxito', tone: 'success' },
  failure: { label: 'Fallo', tone: 'danger' },
  denied: { label: 'Denegado', tone: 'warning' },
});

export function auditOutcome(outcome) {
  return AUDIT_OUTCOMES[outcome] || { label: String(outcome || '—'), tone: 'neutral' };
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The audit filters as the API's query (empty ones dropped, text trimmed): {actor, action,
 * target, from, to}. */
export function auditQuery(filters = {}) {
  const query = {};
  for (const name of ['actor', 'action', 'target', 'from', 'to']) {
    const value = typeof filters[name] === 'string' ? filters[name].trim() : '';
    if (!value) continue;
    if ((name === 'from' || name === 'to') && !DAY_RE.test(value)) continue;
    query[name] = value;
  }
  return query;
}

/** "actor=…&from=2026-11-01" from filters (stable order, URL-encoded). */
export function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  return params.toString();
}

/** Check the audit's date range in the browser (the API checks it again): '' or the problem. */
export function auditRangeProblem(from, to) {
  if (from && !DAY_RE.test(from)) return 'Usa el formato AAAA-MM-DD.';
  if (to && !DAY_RE.test(to)) return 'Usa el formato AAAA-MM-DD.';
  if (from && to && from > to) return 'La fecha inicial es posterior a la final.';
  return '';
}

/** The CSV's name when the server does not send one: auditoria-<desde>-<hasta>.csv, with the
 * API's default of the last 7 days. */
export function auditCsvName(from, to, today) {
  const last = to || today;
  const first = from || shiftDay(last, -6);
  return `auditoria-${first}-${last}.csv`;
}

function shiftDay(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  const moved = new Date(Date.UTC(year, month - 1, date + days));
  return moved.toISOString().slice(0, 10);
}

/** Whether the actor filter is an e-mail (resolved to an id through the users list). */
export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(text || '').trim());
}

// --- dates -----------------------------------------------------------------------------------

const LIMA_SECONDS = new Intl.DateTimeFormat('es-PE', {
  timeZone: 'America/Lima', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** An instant in Lima with seconds: "2026-11-25T16:22:42Z" → "25/11/2026 11:22:42". */
export function limaDateTime(value) {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '—';
  const parts = Object.fromEntries(LIMA_SECONDS.formatToParts(instant)
    .map((part) => [part.type, part.value]));
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.day}/${parts.month}/${parts.year} ${hour}:${parts.minute}:${parts.second}`;
}

// --- products: rates --------------------------------------------------------------------------

const DECIMAL_RE = /^(\d+)(?:[.,](\d*))?$/;

/**
 * A percent typed by the admin as the API's fraction, by moving the decimal point two places
 * (no floats): "13.50" → "0.1350", "13,5" → "0.135", "0.75" → "0.0075", "100" → "1.0000".
 * At least four decimals are kept ("13.5" → "0.1350"). Returns null for anything else.
 */
export function percentToFraction(text) {
  const match = DECIMAL_RE.exec(String(text ?? '').trim());
  if (!match) return null;
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const decimals = match[2] || '';
  const padded = whole.padStart(3, '0');
  const intPart = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  const fraction = (padded.slice(-2) + decimals).padEnd(4, '0');
  return `${intPart}.${fraction}`;
}

/**
 * The API's fraction as a percent to edit, by moving the point two places: "0.1350" → "13.50",
 * "0.001" → "0.10", "1.2" → "120.00". At least two decimals; trailing zeros beyond two dropped.
 */
export function fractionToPercent(text) {
  const match = DECIMAL_RE.exec(String(text ?? '').trim());
  if (!match) return '';
  const whole = match[1];
  const decimals = (match[2] || '').padEnd(2, '0');
  const intPart = `${whole}${decimals.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = decimals.slice(2).replace(/0+$/, '').padEnd(2, '0');
  return `${intPart}.${rest}`;
}

/** "6, 12, 24" → [6, 12, 24] (sorted, unique); null when a piece is not a whole number. */
export function parseTerms(text) {
  const pieces = String(text || '').split(/[\s,;]+/).filter(Boolean);
  if (!pieces.length) return null;
  const terms = new Set();
  for (const piece of pieces) {
    if (!/^\d{1,3}$/.test(piece)) return null;
    terms.add(Number(piece));
  }
  return [...terms].sort((a, b) => a - b);
}

export const PAYMENT_METHOD_NAMES = Object.freeze({ planilla: 'Planilla', ventanilla: 'Ventanilla' });

/** The product kinds a file may declare itself a full snapshot of (docs/imports.md). */
export const SNAPSHOT_KINDS = Object.freeze(['contributions', 'savings', 'fixed_deposits', 'loans', 'cts']);

/**
 * What a snapshot run closed (`snapshot`, `rows_closed` of the API): "Foto completa · cerrados: 3
 * (...)" once finished; why it closed nothing when a row was rejected; null for a plain run
 * or one still running.
 */
export function snapshotText(run) {
  if (!run || !run.snapshot || importRunning(run) || run.status === 'stalled') return null;
  if (run.rows_closed === null || run.rows_closed === undefined) {
    return 'Foto completa no aplicada: el archivo tiene filas rechazadas o ningún producto '
      + 'cargado, así que no se cerró ningún producto. Corrige el archivo e impórtalo de nuevo.';
  }
  const count = Number(run.rows_closed);
  return `Foto completa · cerrados: ${count} (${count === 1 ? 'producto' : 'productos'} que no `
    + 'estaban en el archivo; no se borran).';
}
