// The «Política de privacidad»: its URL, its sections drawn as nodes (at /privacidad and in a
// dialog), the link that leads to it, and the terms' clause 6 made into that link.

import { infoDialog } from './components.js';
import { h } from './dom.js';
import { PRIVACY_SECTIONS, PRIVACY_UPDATED, PRIVACY_VERSION } from './privacy-policy.js';

export const PRIVACY_PATH = '/privacidad';
export const PRIVACY_TITLE = 'Política de privacidad';

/** How the terms (clause 6, manual 2.4.11 D) name the policy. */
const MENTION = /Política de Privacidad de la Cooperativa/;

/**
 * A text split where it names the policy: {before, mention, after}, or null when it does not.
 * The terms' text stays the manual's (version 1.0); only its drawing links the mention.
 */
export function privacyMentionParts(text) {
  const match = MENTION.exec(String(text ?? ''));
  if (!match) return null;
  return {
    before: text.slice(0, match.index),
    mention: match[0],
    after: text.slice(match.index + match[0].length),
  };
}

/** A text with its mention of the policy as a link (the text alone when it names none). */
export function withPrivacyLink(text) {
  const parts = privacyMentionParts(text);
  if (!parts) return text;
  return [parts.before, privacyLink(parts.mention), parts.after];
}

/**
 * A link to /privacidad. Inside a dialog (the terms during registration) or with `inDialog`, a
 * plain click shows the policy in a dialog instead, so a half-filled form is not left behind.
 */
export function privacyLink(label, { inDialog = false, className = '' } = {}) {
  const link = h('a', { href: PRIVACY_PATH, className }, label);
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (!inDialog && !link.closest('dialog')) return;
    event.preventDefault();
    event.stopPropagation();
    infoDialog({ title: PRIVACY_TITLE, content: privacyContent({ headingLevel: 3 }) });
  });
  return link;
}

function sectionNode(section, headingLevel) {
  const headingId = `privacidad-${section.id}`;
  return h('section', { className: 'privacy-section', 'aria-labelledby': headingId },
    h(`h${headingLevel}`, { id: headingId }, section.title),
    (section.paragraphs || []).map((text) => h('p', {}, text)),
    section.items ? h('ul', { className: 'privacy-list' },
      section.items.map((text) => h('li', {}, text))) : null,
    (section.after || []).map((text) => h('p', {}, text)));
}

/** The policy's sections and its version line; headings at `headingLevel` (2 on the page). */
export function privacyContent({ headingLevel = 2 } = {}) {
  return h('div', { className: 'privacy' },
    PRIVACY_SECTIONS.map((section) => sectionNode(section, headingLevel)),
    h('p', { className: 'terms-version' },
      `Última actualización: ${PRIVACY_UPDATED} · Versión ${PRIVACY_VERSION}`));
}
