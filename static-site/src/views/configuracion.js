// Configuración (manual 2.4.11), in cards: A "Autenticación en dos pasos (2FA)", B "Restablecer
// contraseña" (with the strength meter), C "Actualizar mis datos" (DNI read-only), "Sesiones
// activas", D "Políticas de uso del aplicativo" (the terms and their version).
//
// A staff member without 2FA (`user.totp_required`) reaches only this screen and, until they
// enrol, only the 2FA card: their session may call nothing but /api/auth/totp/* (docs/design/API.md).
// After the confirmation the session is read again and the screen drawn anew, with the full menu.

import '../styles/configuracion.css';

import { closeDialogs, pageHeader } from '../components.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { rewriteUrl } from '../router.js';
import { isMember, mustEnrolTotp } from '../session.js';
import { termsContent } from '../terms.js';
import { TWO_FACTOR_NOTICES, twoFactorCard } from './configuracion-2fa.js';
import { alertsCard } from './configuracion-alertas.js';
import { passwordCard } from './configuracion-contrasena.js';
import { profileCard } from './configuracion-datos.js';
import { myDataCard } from './configuracion-mis-datos.js';
import { settingsCard } from './configuracion-parts.js';
import { sessionsCard } from './configuracion-sesiones.js';

function termsCard() {
  const card = settingsCard({ title: 'Políticas de uso del aplicativo',
    subtitle: 'Términos y condiciones', className: 'settings-card-wide' });
  const accepted = h('p', { className: 'field-hint terms-accepted' });
  card.body.append(
    h('div', { className: 'terms-box', role: 'region', tabindex: '0',
      'aria-label': 'Términos y condiciones de uso' },
    h('h3', { className: 'subheading' }, 'Términos y condiciones de uso'),
    termsContent()),
    accepted);
  return {
    root: card.root,
    showAcceptance(profile) {
      if (profile && profile.terms_version && profile.terms_accepted_at) {
        accepted.textContent = `Aceptaste la versión ${profile.terms_version} de los términos ` +
          `el ${dateTime(profile.terms_accepted_at)}.`;
      }
    },
  };
}


export function render(ctx) {
  const aviso = ctx.query.get('aviso');
  const notice = Object.hasOwn(TWO_FACTOR_NOTICES, aviso || '') ? TWO_FACTOR_NOTICES[aviso] : null;
  if (ctx.query.has('aviso')) rewriteUrl('/configuracion');

  const enrolOnly = mustEnrolTotp(ctx.session);
  const header = pageHeader({ title: 'Configuración',
    subtitle: enrolOnly ? null : 'Seguridad de tu cuenta, tus datos y las políticas de uso' });

  if (enrolOnly) {
    ctx.container.append(header,
      h('div', { className: 'settings-grid' }, twoFactorCard(ctx, { notice })));
    return closeDialogs;
  }

  const terms = termsCard();
  const sessions = sessionsCard(ctx);
  ctx.container.append(header,
    h('div', { className: 'settings-grid' },
      twoFactorCard(ctx, { notice }),
      passwordCard(ctx, { onChanged: () => sessions.reload({ quiet: true }) }),
      profileCard(ctx, { onProfile: (profile) => terms.showAcceptance(profile) }),
      sessions.root,
      alertsCard(ctx),
      isMember(ctx.session) ? myDataCard(ctx) : null,
      terms.root));
  return closeDialogs;
}
