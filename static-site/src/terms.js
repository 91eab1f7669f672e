// "Términos y condiciones de uso" (manual 2.4.11 D, and the versions an admin publishes, issue 18).
// The text has one home, the backend (the version a member accepts is stored there):
// GET /api/auth/terms → {version, effective_on, summary, updated, title, intro, clauses
// [{title, text}], text, history [{version, effective_on, summary}], upcoming}. Version 1.0 (the
// manual's) comes as clauses; a published version as `text`, paragraphs split by blank lines.
// Shown at /terminos, in the registration form's dialog, in Configuración and at sign-in when a
// new version waits for the member's acceptance (/terminos/aceptar).

import { api } from './api.js';
import { errorState, spinner } from './components.js';
import { h, replaceChildren } from './dom.js';
import { date } from './format.js';
import { withPrivacyLink } from './privacy.js';

let cached = null;

/** The terms, fetched once per page load. */
export function loadTerms() {
  if (!cached) {
    cached = api.get('/api/auth/terms').catch((error) => {
      cached = null;
      throw error;
    });
  }
  return cached;
}

/** Forget the terms read (a new version was published, or the member just accepted one). */
export function forgetTerms() {
  cached = null;
}

/** A published version's text: one paragraph per block between blank lines. */
export function textParagraphs(text) {
  return String(text || '').split(/\n{2,}/).map((part) => part.trim()).filter(Boolean)
    .map((part) => h('p', { className: 'terms-text' }, withPrivacyLink(part)));
}

/** «Marzo 2026» for the manual's version; the effective date (dd/mm/aaaa) for a published one. */
export function versionDate(terms) {
  return terms.clauses && terms.clauses.length ? terms.updated : date(terms.effective_on);
}

export function termsNodes(terms) {
  const clauses = Array.isArray(terms.clauses) ? terms.clauses : [];
  return [
    terms.intro ? h('p', {}, terms.intro) : null,
    clauses.length
      ? h('ol', { className: 'terms-list' }, clauses.map((clause) => h('li', {},
        h('strong', {}, `${clause.title}: `), withPrivacyLink(clause.text))))
      : textParagraphs(terms.text),
    h('p', { className: 'terms-version' },
      `Última actualización: ${versionDate(terms) || '—'} · Versión ${terms.version || '—'}`),
  ];
}

/** A block that shows a spinner, then the terms (or an error with a retry button). */
export function termsContent() {
  const box = h('div', { className: 'terms', 'aria-live': 'polite' }, spinner('Cargando los términos…'));
  const fill = () => {
    replaceChildren(box, spinner('Cargando los términos…'));
    loadTerms()
      .then((terms) => replaceChildren(box, termsNodes(terms)))
      .catch((error) => replaceChildren(box, errorState({ message: error.message, onRetry: fill })));
  };
  fill();
  return box;
}
