// The one API client of the site (docs/design/STYLE.md habit 11, docs/design/UI.md "Behaviour").
//
// Every view calls the API through here, so the session cookie, the CSRF header, the error shape
// and the expired-session redirect are handled the same way everywhere:
//   - same-origin `/api/...` JSON with the HttpOnly session cookie (credentials: 'same-origin');
//   - `X-Requested-With: fetch` on every call (the API refuses state changes without it);
//   - errors `{"error": {"code", "message", "fields"}}` become an `ApiError`;
//   - a 401 (except from the login and the session probe) sends the user to
//     `/login?expirada=1`; 423 and 429 messages carry the wait time from `Retry-After`.

import { waitTime } from './format.js';

const GENERIC_MESSAGE = 'Ocurrió un error inesperado. Inténtalo nuevamente.';
const NETWORK_MESSAGE = 'No se pudo conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.';
const FORBIDDEN_MESSAGE = 'No tienes permiso para realizar esta acción.';

/** Calls whose 401 is an answer for the caller, not an expired session. */
const NO_REDIRECT_ON_401 = new Set([
  '/api/auth/session',
  '/api/auth/login',
  '/api/auth/login/totp',
  '/api/auth/logout',
]);

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0 when the server could not be reached)
   * @param {string} code the API's snake_case `error.code`
   * @param {string} message Spanish text to show (with the wait time for 423/429)
   * @param {Record<string,string>} fields messages per input name
   * @param {number|null} retryAfter seconds from `Retry-After`
   */
  constructor(status, code, message, fields = {}, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter;
  }
}

let onSessionExpired = () => {
  window.location.assign('/login?expirada=1');
};
let onTotpEnrolmentRequired = () => {
  window.location.assign('/configuracion');
};
let onTermsAcceptanceRequired = () => {
  window.location.assign('/terminos/aceptar');
};

/** The app shell decides how to leave when the session is gone (router navigation). */
export function setSessionExpiredHandler(handler) {
  onSessionExpired = handler;
}

let onActivity = () => {};

/** The idle warning learns of every successful call (issue 17): it moves the deadline on. */
export function setActivityHandler(handler) {
  onActivity = handler;
}

/** The idle warning ran out: leave exactly as a 401 would (login with `volver`, `expirada`). */
export function expireSession() {
  onSessionExpired(new ApiError(401, 'session_expired', 'Tu sesión expiró. Vuelve a iniciar sesión.'));
}

/** A staff session without 2FA may only reach the 2FA settings (403 totp_enrolment_required). */
export function setTotpEnrolmentHandler(handler) {
  onTotpEnrolmentRequired = handler;
}

/** A member who has not accepted the terms in force (403 terms_acceptance_required, issue 18). */
export function setTermsAcceptanceHandler(handler) {
  onTermsAcceptanceRequired = handler;
}

function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const when = Date.parse(value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  if (!text) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204 || !type.includes('json')) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A request the view cancelled (it was left before the answer came): not an error to show. */
export function isAbort(error) {
  return Boolean(error) && error.name === 'AbortError';
}

/**
 * Signals for a list whose filters can change while it loads: each call aborts the request made
 * with the previous signal, so an older, slower answer never overwrites (or adds to) a newer one.
 * Every signal also aborts with the screen's own signal, when the user navigates away.
 * @param {AbortSignal} screenSignal
 * @returns {() => AbortSignal}
 */
export function latestRequest(screenSignal) {
  let controller = null;
  return () => {
    if (controller) controller.abort();
    const own = new AbortController();
    controller = own;
    if (screenSignal.aborted) own.abort();
    else screenSignal.addEventListener('abort', () => own.abort(), { once: true });
    return own.signal;
  };
}

function errorPayloadOf(payload) {
  return payload && typeof payload === 'object' ? payload.error || {} : {};
}

function messageFor(status, error, retryAfter) {
  let message = typeof error.message === 'string' && error.message ? error.message : null;
  if (!message) message = status === 403 ? FORBIDDEN_MESSAGE : GENERIC_MESSAGE;
  if ((status === 423 || status === 429) && retryAfter !== null) {
    message = `${message} Podrás intentarlo de nuevo en ${waitTime(retryAfter)}.`;
  }
  return message;
}

/** Turn a failed response into an ApiError with a Spanish message. */
export async function errorFrom(response) {
  const error = errorPayloadOf(await readJson(response).catch(() => null));
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const message = messageFor(response.status, error, retryAfter);
  const code = typeof error.code === 'string' ? error.code : `http_${response.status}`;
  const fields = error.fields && typeof error.fields === 'object' ? error.fields : {};
  return new ApiError(response.status, code, message, fields, retryAfter);
}

function requestInit(method, body, signal, cache = 'no-store') {
  const headers = { 'X-Requested-With': 'fetch', Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal, cache };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return init;
}

async function fetchOrNetworkError(url, init) {
  try {
    return await fetch(url, init);
  } catch (cause) {
    if (cause && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }
}

/** A 401 leaves for the login (unless the caller expects it); a staff 403 leaves for 2FA. */
function reactToFailure(error, path, options) {
  const redirectOn401 = options.redirectOn401 ?? !NO_REDIRECT_ON_401.has(path);
  if (error.status === 401 && redirectOn401) {
    onSessionExpired(error);
  } else if (error.status === 403 && error.code === 'totp_enrolment_required') {
    onTotpEnrolmentRequired(error);
  } else if (error.status === 403 && error.code === 'terms_acceptance_required') {
    onTermsAcceptanceRequired(error);
  }
}

/**
 * Call the API. Resolves with the parsed JSON body (null for 204 or an empty body);
 * rejects with an ApiError.
 *
 * @param {string} method
 * @param {string} path starting with /api/
 * @param {{body?: any, query?: object, signal?: AbortSignal, redirectOn401?: boolean,
 *          raw?: boolean, cache?: RequestCache}} options `raw: true` resolves with the Response
 *          (downloads); `cache: 'default'` lets the browser keep what the API allows (the public
 *          «Tasas y tarifas» and «Contacto»), else nothing is kept (`no-store`)
 */
export async function request(method, path, options = {}) {
  const { body, query, signal, raw = false, cache } = options;
  if (!path.startsWith('/api/')) throw new Error(`API paths start with /api/: ${path}`);
  const response = await fetchOrNetworkError(withQuery(path, query), requestInit(method, body, signal, cache));
  if (response.ok) {
    onActivity(path);
    return raw ? response : readJson(response);
  }
  const error = await errorFrom(response);
  reactToFailure(error, path, options);
  throw error;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body: body ?? {} }),
  put: (path, body, options) => request('PUT', path, { ...options, body: body ?? {} }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body: body ?? {} }),
  delete: (path, options) => request('DELETE', path, options),
  /** A file download (CSV): resolves with a Blob and the file name from Content-Disposition. */
  async download(path, options) {
    const response = await request('GET', path, { ...options, raw: true });
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await response.blob(), filename: match ? decodeURIComponent(match[1]) : null };
  },
};

export default api;
