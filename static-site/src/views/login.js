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
  const parts = { view: h('div', { className: 'login-view' }), returnTo: ctx.query.get('volver') };
  ctx.container.append(parts.view);
  showCredentials(ctx, parts, pageNotice(ctx.query));
}

function credentialFields(previousEmail) {
  return {
    email: inputField({
      label: 'Correo electrónico', name: 'email', type: 'email', autocomplete: 'username',
      inputmode: 'email', required: true, value: previousEmail, spellcheck: 'false',
      autocapitalize: 'none',
    }),
    password: inputField({
      label: 'Contraseña', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true,
    }),
  };
}

function credentialsChecked({ email, password }) {
  const emailValue = email.input.value.trim();
  return requireFields([
    [email, !emailValue ? 'Ingresa tu correo electrónico.'
      : (EMAIL_RE.test(emailValue) ? '' : 'Ingresa un correo electrónico válido.')],
    [password, password.input.value ? '' : 'Ingresa tu contraseña.'],
  ]);
}

async function signIn(ctx, parts, credentials) {
  const answer = await api.post('/api/auth/login', credentials);
  if (!ctx.isCurrent()) return;
  if (answer && answer.requires_totp) {
    showTotpStep(ctx, parts, answer.challenge, credentials);
  } else {
    await ctx.completeSignIn(parts.returnTo);
  }
}

function onCredentialsSubmit(ctx, parts, form) {
  const { fields, remember, alert, button } = form;
  const { email, password } = fields;
  return (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    if (!credentialsChecked(fields)) return;
    whileBusy(button, async () => {
      try {
        await signIn(ctx, parts, {
          email: email.input.value.trim(),
          password: password.input.value,
          remember: remember.input.checked,
        });
      } catch (error) {
        if (!ctx.isCurrent()) return;
        password.input.value = '';
        showApiError(error, alert, fields);
        if (!error.fields || !Object.keys(error.fields).length) password.input.focus();
      }
    }, 'Accediendo…');
  };
}

/** `parts`: the screen's `view` and the `returnTo` path, shared by both steps. */
function showCredentials(ctx, parts, topNotice, previousEmail = '') {
  const formParts = { fields: credentialFields(previousEmail),
    remember: checkboxField({ label: 'Recordar sesión', name: 'remember' }),
    alert: formAlert(), button: submitButton('Acceder') };
  const { fields, remember, alert, button } = formParts;
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-login' },
    alert.root, fields.email.root, fields.password.root, remember.root, button);
  form.addEventListener('submit', onCredentialsSubmit(ctx, parts, formParts));

  replaceChildren(parts.view,
    h('h1', { className: 'auth-title', id: 'titulo-login', tabindex: '-1' }, 'Iniciar sesión'),
    h('p', { className: 'auth-lead' }, 'Ingresa con el correo electrónico y la contraseña que registraste.'),
    topNotice,
    form,
    h('div', { className: 'auth-links' },
      h('a', { href: '/recuperar' }, '¿Olvidaste tu contraseña?'),
      h('p', {}, h('a', { href: '/reenviar-activacion' }, '¿No te llegó el correo de activación?')),
      h('p', {}, '¿Aún no tienes una cuenta? ', h('a', { href: '/registro' }, 'Crear cuenta')),
      h('p', {}, h('a', { href: '/tasas-y-tarifas' }, 'Tasas y tarifas'), ' · ',
        h('a', { href: '/contacto' }, 'Contacto y agencias'))));
}

function secondFactorField() {
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
  return code;
}

function backToCredentialsButton(ctx, parts, emailValue) {
  const back = h('button', { type: 'button', className: 'button button-link' },
    'Volver al inicio de sesión');
  back.addEventListener('click', () => {
    ctx.setTitle(ctx.route.title);
    showCredentials(ctx, parts, null, emailValue);
    parts.view.querySelector('h1').focus();
  });
  return back;
}

/** "Regenerar código": signs in again with the credentials for a fresh challenge. */
function regenerateButton(ctx, parts, step) {
  const { code, alert, status, credentials } = step;
  const regenerate = h('button', { type: 'button', className: 'button button-secondary' },
    'Regenerar código');
  regenerate.addEventListener('click', () => whileBusy(regenerate, async () => {
    clearErrors(alert, { code });
    status.textContent = '';
    try {
      const answer = await api.post('/api/auth/login', credentials);
      if (!ctx.isCurrent()) return;
      if (!answer || !answer.requires_totp) {
        await ctx.completeSignIn(parts.returnTo);
        return;
      }
      step.challenge = answer.challenge;
      code.input.value = '';
      status.textContent = 'Listo: ingresa el código que muestra ahora tu aplicación de '
        + 'autenticación.';
      code.input.focus();
    } catch (error) {
      if (!ctx.isCurrent()) return;
      showApiError(error, alert, { code });
    }
  }, 'Regenerando…'));
  return regenerate;
}

function onCodeSubmit(ctx, parts, step) {
  const { code, alert, button } = step;
  return (event) => {
    event.preventDefault();
    clearErrors(alert, { code });
    const value = cleanSecondFactor(code.input.value);
    if (!requireFields([[code, isSecondFactor(value) ? ''
      : 'Ingresa el código de 6 dígitos de tu app o un código de respaldo.']])) {
      return;
    }
    whileBusy(button, async () => {
      try {
        await api.post('/api/auth/login/totp', { challenge: step.challenge, code: value });
        if (!ctx.isCurrent()) return;
        await ctx.completeSignIn(parts.returnTo);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        code.input.value = '';
        showApiError(error, alert, { code });
        code.input.focus();
      }
    }, 'Verificando…');
  };
}

// The 2FA step keeps the credentials only while it is on screen: "Regenerar código" (manual
// 2.2.3) signs in again with them for a fresh verification step, so a member whose step expired
// (5 minutes) or whose code went stale is not sent back to type the password again.
// `step.challenge` is the current one: "Regenerar código" replaces it.
function showTotpStep(ctx, parts, firstChallenge, credentials) {
  const step = { challenge: firstChallenge, credentials, code: secondFactorField(),
    alert: formAlert(), button: submitButton('Verificar código'),
    status: h('p', { className: 'form-status', role: 'status' }) };
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-2fa' },
    step.alert.root, step.code.root, step.status,
    h('div', { className: 'form-actions' }, step.button, regenerateButton(ctx, parts, step)));
  form.addEventListener('submit', onCodeSubmit(ctx, parts, step));

  ctx.setTitle('Verificación en dos pasos');
  replaceChildren(parts.view,
    h('h1', { className: 'auth-title', id: 'titulo-2fa', tabindex: '-1' },
      'Autenticación en dos pasos'),
    h('p', { className: 'auth-lead' },
      'Tu cuenta tiene activada la autenticación en dos pasos (2FA). Abre tu aplicación de autenticación y copia el código actual. Si no tienes tu celular, usa uno de tus códigos de respaldo.'),
    form,
    h('div', { className: 'auth-links' },
      backToCredentialsButton(ctx, parts, credentials.email)));
  step.code.input.focus();
}
