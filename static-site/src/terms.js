// "Términos y condiciones de uso" (manual 2.4.11 D). The text has one home, the backend's domain
// (the version a member accepts is stored there): GET /api/auth/terms →
// {version, updated, title, intro, clauses [{title, text}], text}.
// Shown at /terminos, in the registration form's dialog and in Configuración.

import { api } from './api.js';
import { errorState, spinner } from './components.js';
import { h, replaceChildren } from './dom.js';
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

function termsNodes(terms) {
  const clauses = Array.isArray(terms.clauses) ? terms.clauses : [];
  return [
    terms.intro ? h('p', {}, terms.intro) : null,
    clauses.length
      ? h('ol', { className: 'terms-list' }, clauses.map((clause) => h('li', {},
        h('strong', {}, `${clause.title}: `), withPrivacyLink(clause.text))))
      : h('p', { className: 'terms-text' }, terms.text || ''),
    h('p', { className: 'terms-version' },
      `Última actualización: ${terms.updated || '—'} · Versión ${terms.version || '—'}`),
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
