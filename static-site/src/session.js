// The signed-in session as the API describes it (GET /api/auth/session):
// { user: {id, first_name, last_name, dni, email, role, totp_enabled, totp_required},
//   menu: [keys], expires_at, expires_in_seconds, idle_timeout_seconds, touch_interval_seconds }.
// Kept in memory only; the cookie is HttpOnly.

import { api } from './api.js';
import { dropAllDrafts } from './drafts.js';
import { deadlineFromSession } from './session-timer.js';

let current = null;
let loadedAt = 0;

export function getSession() {
  return current;
}

/** Ask the API who is signed in. Resolves with the session or null (401). */
export async function loadSession() {
  try {
    current = await api.get('/api/auth/session');
    loadedAt = Date.now();
  } catch (error) {
    if (error && error.status === 401) {
      current = null;
    } else {
      throw error;
    }
  }
  return current;
}

/** When the session ends by idleness on this tab's clock, or null (a remembered session). */
export function sessionDeadline() {
  return deadlineFromSession(current, loadedAt);
}

export function clearSession() {
  current = null;
}

/** True when the session may open this menu key. */
export function canOpen(session, menuKey) {
  return Boolean(session && Array.isArray(session.menu) && session.menu.includes(menuKey));
}

/** A staff account without 2FA may only reach the 2FA settings until it enrols. */
export function mustEnrolTotp(session) {
  return Boolean(session && session.user && session.user.totp_required);
}

/** A member must accept the terms version in force before anything else (issue 18). */
export function mustAcceptTerms(session) {
  return Boolean(session && session.terms_pending);
}

/** Admins and super admins: the administration screens and every ticket and application. */
export function isAdmin(session) {
  const role = session && session.user ? session.user.role : null;
  return role === 'admin' || role === 'super_admin';
}

/** Members (not staff): their money, their alerts about it, their «Mis datos» archive. */
export function isMember(session) {
  return Boolean(session && session.user && session.user.role === 'member');
}

/** Members see the "Activar 2FA" banner on Inicio while 2FA is off. */
export function suggestsTotp(session) {
  return Boolean(session && session.user && session.user.role === 'member' &&
    !session.user.totp_enabled);
}

/**
 * End the session on the server (POST /api/auth/logout); the caller goes to the login. Only
 * this explicit sign-out drops the drafts (a shared computer); an expiry keeps them.
 */
export async function logout() {
  dropAllDrafts();
  try {
    await api.post('/api/auth/logout', {});
  } finally {
    current = null;
  }
}
