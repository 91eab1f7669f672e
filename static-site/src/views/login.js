// Login (manual 2.1.3, 2.2.2, 2.2.3): e-mail and password, "Recordar sesión", "Acceder"; then,
// for accounts with 2FA, the code step ("Verificar código"): the app's 6 digits or a backup code.
//
// POST /api/auth/login {email, password, remember}
//   → 200 {requires_totp: false, user} (session cookie set) or {requires_totp: true, challenge}
// POST /api/auth/login/totp {challenge, code} → 200 (session cookie set)

import { api } from '../api.js';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, checkboxField, clearErrors, formAlert, inputField, requireFields, showApiError,
  submitButton, whileBusy,
} from '../forms.js';
import { cleanSecondFactor, isSecondFactor } from '../two-factor.js';

const NOTICES = {
  registro: ['success', 'Tu cuenta fue creada. Revisa tu correo electrónico y abre el enlace de activación antes de iniciar sesión.'],
  activada: ['success', 'Tu cuenta está activa. Ya puedes iniciar sesión.'],
  contrasena: ['success', 'Tu contraseña fue actualizada. Inicia sesión con tu nueva contraseña.'],
};

function pageNotice(query) {
  if (query.get('expirada') === '1') {
    return notice('warning', 'Tu sesión expiró. Vuelve a iniciar sesión.');
  }
  const known = NOTICES[query.get('aviso')];
  return known ? notice(known[0], known[1]) : null;
}

export function render(ctx) {
  const returnTo = ctx.query.get('volver');
  const view = h('div', { className: 'login-view' });
  ctx.container.append(view);
  showCredentials(ctx, view, returnTo, pageNotice(ctx.query));
}

function showCredentials(ctx, view, returnTo, topNotice, previousEmail = '') {
  const email = inputField({
    label: 'Correo electrónico', name: 'email', type: 'email', autocomplete: 'username',
    inputmode: 'email', required: true, value: previousEmail, spellcheck: 'false',
    autocapitalize: 'none',
  });
  const password = inputField({
    label: 'Contraseña', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true,
  });
  const remember = checkboxField({ label: 'Recordar sesión', name: 'remember' });
  const alert = formAlert();
  const button = submitButton('Acceder');

  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-login' },
    alert.root, email.root, password.root, remember.root, button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { email, password });
    const emailValue = email.input.value.trim();
    const valid = requireFields([
      [email, !emailValue ? 'Ingresa tu correo electrónico.'
        : (EMAIL_RE.test(emailValue) ? '' : 'Ingresa un correo electrónico válido.')],
      [password, password.input.value ? '' : 'Ingresa tu contraseña.'],
    ]);
    if (!valid) return;
    whileBusy(button, async () => {
      try {
        const credentials = {
          email: emailValue,
          password: password.input.value,
          remember: remember.input.checked,
        };
        const answer = await api.post('/api/auth/login', credentials);
        if (!ctx.isCurrent()) return;
        if (answer && answer.requires_totp) {
          showTotpStep(ctx, view, returnTo, answer.challenge, credentials);
        } else {
          await ctx.completeSignIn(returnTo);
        }
      } catch (error) {
        if (!ctx.isCurrent()) return;
        password.input.value = '';
        showApiError(error, alert, { email, password });
        if (!error.fields || !Object.keys(error.fields).length) password.input.focus();
      }
    }, 'Accediendo…');
  });

  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-login', tabindex: '-1' }, 'Iniciar sesión'),
    h('p', { className: 'auth-lead' }, 'Ingresa con el correo electrónico y la contraseña que registraste.'),
    topNotice,
    form,
    h('div', { className: 'auth-links' },
      h('a', { href: '/recuperar' }, '¿Olvidaste tu contraseña?'),
      h('p', {}, '¿Aún no tienes una cuenta? ', h('a', { href: '/registro' }, 'Crear cuenta'))));
}

// The 2FA step keeps the credentials only while it is on screen: "Regenerar código" (manual
// 2.2.3) signs in again with them for a fresh verification step, so a member whose step expired
// (5 minutes) or whose code went stale is not sent back to type the password again.
function showTotpStep(ctx, view, returnTo, firstChallenge, credentials) {
  let challenge = firstChallenge;
  const emailValue = credentials.email;
  const code = inputField({
    label: 'Código de verificación', name: 'code', type: 'text',
    autocomplete: 'one-time-code', maxlength: '11', required: true, spellcheck: 'false',
    autocapitalize: 'characters',
    hint: 'Ingresa el código de 6 dígitos que muestra tu aplicación de autenticación (Google Authenticator; cambia cada 30 segundos) o un código de respaldo (XXXXX-XXXXX, sirve una sola vez).',
  });
  code.input.addEventListener('input', () => {
    const cleaned = cleanSecondFactor(code.input.value);
    if (cleaned !== code.input.value) code.input.value = cleaned;
  });
  const alert = formAlert();
  const button = submitButton('Verificar código');
  const back = h('button', { type: 'button', className: 'button button-link' },
    'Volver al inicio de sesión');
  back.addEventListener('click', () => {
    ctx.setTitle(ctx.route.title);
    showCredentials(ctx, view, returnTo, null, emailValue);
    view.querySelector('h1').focus();
  });

  const status = h('p', { className: 'form-status', role: 'status' });
  const regenerate = h('button', { type: 'button', className: 'button button-secondary' },
    'Regenerar código');
  regenerate.addEventListener('click', () => whileBusy(regenerate, async () => {
    clearErrors(alert, { code });
    status.textContent = '';
    try {
      const answer = await api.post('/api/auth/login', credentials);
      if (!ctx.isCurrent()) return;
      if (!answer || !answer.requires_totp) {
        await ctx.completeSignIn(returnTo);
        return;
      }
      challenge = answer.challenge;
      code.input.value = '';
      status.textContent = 'Listo: ingresa el código que muestra ahora tu aplicación de '
        + 'autenticación.';
      code.input.focus();
    } catch (error) {
      if (!ctx.isCurrent()) return;
      showApiError(error, alert, { code });
    }
  }, 'Regenerando…'));

  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-2fa' },
    alert.root, code.root, status, h('div', { className: 'form-actions' }, button, regenerate));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { code });
    const value = cleanSecondFactor(code.input.value);
    if (!requireFields([[code, isSecondFactor(value) ? ''
      : 'Ingresa el código de 6 dígitos de tu app o un código de respaldo.']])) {
      return;
    }
    whileBusy(button, async () => {
      try {
        await api.post('/api/auth/login/totp', { challenge, code: value });
        if (!ctx.isCurrent()) return;
        await ctx.completeSignIn(returnTo);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        code.input.value = '';
        showApiError(error, alert, { code });
        code.input.focus();
      }
    }, 'Verificando…');
  });

  ctx.setTitle('Verificación en dos pasos');
  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-2fa', tabindex: '-1' },
      'Autenticación en dos pasos'),
    h('p', { className: 'auth-lead' },
      'Tu cuenta tiene activada la autenticación en dos pasos (2FA). Abre tu aplicación de autenticación y copia el código actual. Si no tienes tu celular, usa uno de tus códigos de respaldo.'),
    form,
    h('div', { className: 'auth-links' }, back));
  code.input.focus();
}
