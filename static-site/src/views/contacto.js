// «Contacto» (issue 18; GET /api/info/contact): public, with or without a session. The
// cooperative's agencies as an admin keeps them in «Contenido público»: address, district,
// hours, phones (tel: links), WhatsApp (a wa.me link) and e-mail. The messages that send a
// member to the office link here (src/contact-link.js).

import '../styles/public-content.css';
import { api, isAbort } from '../api.js';
import { errorState, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date } from '../format.js';
import { telHref, whatsappHref, whatsappText } from '../public-content.js';

function phones(agency) {
  return agency.phones.map((phone, index) => [index ? ', ' : null,
    h('a', { href: telHref(phone) }, phone)]);
}

function agencyCard(agency) {
  const facts = [
    ['Dirección', `${agency.address}, ${agency.district}`],
    ['Horario', agency.hours],
    ['Teléfonos', phones(agency)],
    agency.whatsapp ? ['WhatsApp', h('a', { href: whatsappHref(agency.whatsapp),
      rel: 'noopener noreferrer', target: '_blank',
      'aria-label': `WhatsApp ${whatsappText(agency.whatsapp)} (se abre en otra pestaña)` },
    whatsappText(agency.whatsapp))] : null,
    agency.email ? ['Correo', h('a', { href: `mailto:${agency.email}` }, agency.email)] : null,
  ].filter(Boolean);
  return h('section', { className: 'public-item agency', 'aria-label': agency.name },
    h('h2', { className: 'public-item-title' }, agency.name),
    h('dl', { className: 'public-facts' },
      facts.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
}

function links(ctx) {
  return h('div', { className: 'auth-links' },
    h('a', { href: '/tasas-y-tarifas' }, 'Tasas y tarifas'),
    ctx.session ? h('a', { href: '/inicio' }, 'Volver al inicio')
      : h('a', { href: '/login' }, 'Volver al inicio de sesión'));
}

function agenciesOf(page) {
  const agencies = page.agencies || [];
  if (!agencies.length) return [h('p', {}, 'Pronto publicaremos nuestras agencias.')];
  return [
    ...agencies.map(agencyCard),
    page.updated_at
      ? h('p', { className: 'public-updated' }, `Datos actualizados el ${date(page.updated_at)}.`)
      : null,
  ];
}

export async function render(ctx) {
  const body = h('div', { className: 'public-page' }, skeleton({ cards: 2 }));
  ctx.container.append(h('h1', { className: 'auth-title', tabindex: '-1' }, 'Contacto'),
    h('p', { className: 'auth-lead' }, 'Atención en nuestras agencias, por teléfono, WhatsApp ' +
      'o correo electrónico.'),
    body, links(ctx));
  try {
    const page = await api.get('/api/info/contact', { signal: ctx.signal, cache: 'default' });
    if (!ctx.isCurrent()) return;
    replaceChildren(body, ...agenciesOf(page));
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(body, errorState({ message: error.message,
      onRetry: () => ctx.navigate(ctx.path, { replace: true }) }));
  }
}
