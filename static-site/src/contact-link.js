// Messages that send the member to the office («comunícate con la oficina», «acércate a la
// oficina de la cooperativa») offer the way to it: a «Ver contacto» link to /contacto (issue 18),
// where the agencies' addresses, hours and phones are. The API's texts stay as they are; the
// site adds the link wherever it shows one (form alerts, screen errors, its own notes).

import { h } from './dom.js';

export const CONTACT_PATH = '/contacto';
export const CONTACT_LINK_TEXT = 'Ver contacto';

const OFFICE = /\boficinas?\b/i;

/** True when the message tells the reader to go to, or call, the cooperative's office. */
export function mentionsOffice(message) {
  return typeof message === 'string' && OFFICE.test(message);
}

export function contactLink() {
  return h('a', { href: CONTACT_PATH, className: 'contact-link' }, CONTACT_LINK_TEXT);
}

/**
 * The message as children of a paragraph or notice: followed by «Ver contacto» when it
 * mentions the office, else the message alone.
 */
export function withContactLink(message) {
  return mentionsOffice(message) ? [message, ' ', contactLink()] : [message];
}
