// Usuarios (manual 2.3, admin; docs/design/API.md "admin"): search members and staff by surname
// prefix, part of the e-mail or the DNI's first digits, and by role, paged ("Cargar más"); "Nuevo
// usuario del personal" by invitation e-mail; per user, after a confirmation: change the role,
// Desactivar/Reactivar usuario, Desbloquear, Restablecer 2FA; for a pending staff invitation
// Reenviar/Revocar invitación, for a member Corregir correo (issue 17). The API applies the
// super_admin rules; its refusals are shown in Spanish.

import { api, isAbort } from '../api.js';
import {
  adminErrorMessage, canManage, grantableRoles, limaDateTime, roleName, ROLE_FILTERS, userStatus,
} from '../admin.js';
import { badge, choiceDialog, refusal } from '../admin-parts.js';
import {
  card, closeDialogs, confirmDialog, dataTable, notice, pageHeader, section,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  clearErrors, EMAIL_RE, formAlert, inputField, requireFields, selectField, showApiError, submitButton,
  whileBusy,
} from '../forms.js';
import { fullName } from '../format.js';
import { pagedList } from '../paged-list.js';
import { isAdmin } from '../session.js';

const PAGE = 20;

function spanishError(error) {
  return { fields: error.fields || {}, message: adminErrorMessage(error) };
}

function displayName(user) {
  return fullName(user) || user.email || user.id;
}

// --- the list ----------------------------------------------------------------------------------

// A search by part of an e-mail or a DNI reads the users a page at a time (docs/data-model.md):
// a page may find nobody yet while "Cargar más" still goes on through the rest.
function emptyText({ filtered, searchGoesOn }) {
  if (searchGoesOn) {
    return 'Aún no hay coincidencias entre los usuarios revisados. Pulsa «Cargar más» para '
      + 'seguir buscando.';
  }
  return filtered
    ? 'Ningún usuario coincide con la búsqueda. Revisa el nombre, el correo o el DNI.'
    : 'Aún no hay usuarios.';
}

function usersTable(rows, actions, state) {
  return dataTable({
    caption: 'Usuarios', captionHidden: true,
    columns: [
      { key: 'name', label: 'Nombre y correo', render: (user) => h('div', { className: 'admin-person' },
        h('span', { className: 'admin-person-name' }, fullName(user) || '—'),
        h('span', { className: 'admin-muted' }, user.email || '—'),
        user.pending_email ? h('span', { className: 'admin-muted' },
          `Correo por confirmar: ${user.pending_email}`) : null) },
      { key: 'dni', label: 'DNI', render: (user) => user.dni || '—' },
      { key: 'role', label: 'Rol', render: (user) => roleName(user.role) },
      { key: 'status', label: 'Estado', render: (user) => badge(userStatus(user)) },
      { key: 'totp', label: '2FA', render: (user) => badge(user.totp_enabled
        ? { label: 'Activa', tone: 'success' } : { label: 'Inactiva', tone: 'neutral' }) },
      { key: 'last_login_at', label: 'Último acceso',
        render: (user) => (user.last_login_at ? limaDateTime(user.last_login_at) : 'Nunca') },
      { key: 'actions', label: 'Acciones', render: actions },
    ],
    rows,
    empty: emptyText(state),
  });
}

function searchFilters() {
  const search = inputField({ label: 'Buscar por nombre, correo o DNI', name: 'q', type: 'search',
    maxlength: 100,
    hint: 'Apellido (o su inicio), parte del correo (por ejemplo «quispe@») o los primeros dígitos '
      + 'del DNI.',
    autocomplete: 'off' });
  search.root.classList.add('field-wide');
  const role = selectField({ label: 'Rol', name: 'role', placeholder: 'Todos los roles',
    options: ROLE_FILTERS.map((value) => ({ value, label: roleName(value) })) });
  const button = h('button', { type: 'submit', className: 'button' }, 'Buscar');
  const form = h('form', { className: 'admin-filters', role: 'search',
    'aria-label': 'Buscar usuarios', novalidate: true }, search.root, role.root, button);
  const query = () => {
    const q = search.input.value.trim();
    return { ...(q ? { q } : {}), ...(role.input.value ? { role: role.input.value } : {}) };
  };
  return { search, role, button, form, query };
}

/**
 * "Enviar enlace de contraseña": staff have no «¿Olvidaste tu contraseña?» link (issue 14), so
 * the admin who has checked who is asking sends one (1 hour; with 2FA the reset still asks for
 * a code).
 */
function passwordResetAction(ctx, path, act) {
  return async (user, button) => {
    const ok = await confirmDialog({ title: 'Enviar enlace de contraseña',
      confirmLabel: 'Enviar enlace',
      text: `Se enviará a ${user.email} un enlace para que ${displayName(user)} elija una nueva `
        + 'contraseña (válido por 1 hora). Hazlo solo después de confirmar su identidad.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, async () => {
      await api.post(path(user, '/password-reset'), {}, { signal: ctx.signal });
      return api.get(path(user), { signal: ctx.signal });
    }, `Se envió el enlace para restablecer la contraseña de ${displayName(user)}.`);
  };
}

/**
 * A staff invitation not yet accepted (issue 17): «Reenviar invitación» mails a new link (the old
 * one stops working); «Revocar invitación» deletes the invited account and frees its e-mail.
 */
function invitationActions(ctx, path, act) {
  const resendInvitation = async (user, button) => {
    const ok = await confirmDialog({ title: 'Reenviar invitación', confirmLabel: 'Reenviar invitación',
      text: `Se enviará a ${user.email} un nuevo enlace para crear la contraseña (válido por 72 `
        + 'horas). El enlace enviado antes dejará de funcionar.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, () => api.post(path(user, '/resend-invitation'), {}, { signal: ctx.signal }),
      `Se reenvió la invitación a ${user.email}.`);
  };
  const revokeInvitation = async (user, button) => {
    const ok = await confirmDialog({ title: 'Revocar invitación', confirmLabel: 'Revocar invitación',
      danger: true,
      text: `La invitación de ${displayName(user)} (${user.email}) dejará de funcionar y la cuenta `
        + 'se eliminará. El correo quedará libre para una nueva invitación.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, async () => {
      await api.post(path(user, '/revoke-invitation'), {}, { signal: ctx.signal });
      return { removed: user.id };
    }, `Se revocó la invitación de ${displayName(user)}.`);
  };
  return { resendInvitation, revokeInvitation };
}

function emailProblem(value) {
  const email = value.trim();
  if (!email) return 'Escribe el correo electrónico.';
  return EMAIL_RE.test(email) ? '' : 'Escribe un correo electrónico válido.';
}

/**
 * «Corregir correo» of a member (issue 17): the new address gets a confirmation link and the
 * change applies only when the member opens it; the current address is told.
 */
function emailCorrectionAction(ctx, path, act) {
  return async (user, button) => {
    const field = inputField({ label: 'Nuevo correo electrónico', name: 'email', type: 'email',
      autocomplete: 'off', maxlength: 254 });
    const chosen = await choiceDialog({ title: 'Corregir correo',
      text: `El correo actual de ${displayName(user)} es ${user.email}. El cambio se aplicará `
        + 'cuando el socio lo confirme desde el enlace que enviaremos al nuevo correo; también '
        + 'avisaremos al correo actual.',
      field, confirmLabel: 'Enviar enlace de confirmación', validate: emailProblem });
    if (!chosen || !ctx.isCurrent()) return;
    const email = chosen.trim();
    await act(button, () => api.post(path(user, '/email'), { email }, { signal: ctx.signal }),
      `Se envió el enlace de confirmación a ${email}. El correo de ${displayName(user)} `
        + 'cambiará cuando lo confirme.');
  };
}

/**
 * The per-user actions, each after its confirmation. `act(button, run, done)` runs the change,
 * redraws the row the API answers and says `done`.
 */
function userActions(ctx, me, act) {
  const path = (user, tail = '') => `/api/admin/users/${encodeURIComponent(user.id)}${tail}`;
  const refetch = (user) => api.get(path(user), { signal: ctx.signal });
  const postThenRefetch = (user, tail) => async () => {
    await api.post(path(user, tail), {}, { signal: ctx.signal });
    return refetch(user);
  };

  const changeRole = async (user, button) => {
    const roles = grantableRoles(me.role).filter((value) => value !== user.role);
    const field = selectField({ label: 'Nuevo rol', name: 'role', placeholder: 'Elige el rol',
      options: roles.map((value) => ({ value, label: roleName(value) })) });
    const chosen = await choiceDialog({ title: 'Cambiar rol',
      text: `${displayName(user)} es ${roleName(user.role)}. Al cambiar su rol se cerrarán sus `
        + 'sesiones abiertas y se le avisará por correo.',
      field, confirmLabel: 'Cambiar rol' });
    if (!chosen || !ctx.isCurrent()) return;
    await act(button, () => api.patch(path(user), { role: chosen }, { signal: ctx.signal }),
      `${displayName(user)} ahora es ${roleName(chosen)}.`);
  };

  const setActive = async (user, button, active) => {
    const ok = await confirmDialog(active
      ? { title: 'Reactivar usuario', confirmLabel: 'Reactivar usuario',
        text: `${displayName(user)} (${user.email}) podrá volver a iniciar sesión.` }
      : { title: 'Desactivar usuario', confirmLabel: 'Desactivar usuario', danger: true,
        text: `${displayName(user)} (${user.email}) no podrá iniciar sesión y sus sesiones `
          + 'abiertas se cerrarán de inmediato.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, () => api.patch(path(user), { active }, { signal: ctx.signal }),
      active ? `Se reactivó la cuenta de ${displayName(user)}.`
        : `Se desactivó la cuenta de ${displayName(user)}.`);
  };

  const unlock = async (user, button) => {
    const ok = await confirmDialog({ title: 'Desbloquear usuario', confirmLabel: 'Desbloquear',
      text: `Se borrarán los intentos fallidos de ${displayName(user)} y podrá volver a intentar `
        + 'iniciar sesión. Se le avisará por correo.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, postThenRefetch(user, '/unlock'),
      `Se desbloqueó la cuenta de ${displayName(user)}.`);
  };

  const resetTotp = async (user, button) => {
    const ok = await confirmDialog({ title: 'Restablecer 2FA', confirmLabel: 'Restablecer 2FA',
      danger: true,
      text: `Se desactivará la verificación en dos pasos de ${displayName(user)} y se cerrarán `
        + 'sus sesiones: deberá configurarla de nuevo al iniciar sesión.' });
    if (!ok || !ctx.isCurrent()) return;
    await act(button, postThenRefetch(user, '/reset-totp'),
      `Se restableció la verificación en dos pasos de ${displayName(user)}.`);
  };

  return { changeRole, setActive, unlock, resetTotp,
    sendPasswordReset: passwordResetAction(ctx, path, act),
    ...invitationActions(ctx, path, act), correctEmail: emailCorrectionAction(ctx, path, act) };
}

/** The "Acciones" cell: nothing for oneself or a user of a higher rank. */
function actionsCell(me, handlers) {
  return (user) => {
    if (user.id === me.id) return h('span', { className: 'admin-muted' }, 'Tu cuenta');
    if (!canManage(me.role, user.role)) {
      return h('span', { className: 'admin-muted' }, 'Solo un superadministrador');
    }
    const name = displayName(user);
    const button = (label, handler) => {
      const node = h('button', { type: 'button', className: 'button button-secondary',
        'aria-label': `${label}: ${name}` }, label);
      node.addEventListener('click', () => handler(user, node));
      return node;
    };
    // A disclosure keeps the table narrow: the actions show under "Acciones" when opened.
    return h('details', { className: 'admin-row-menu' },
      h('summary', { className: 'button button-secondary', 'aria-label': `Acciones: ${name}` },
        'Acciones'),
      h('div', { className: 'admin-row-actions' }, rowButtons(me, user, handlers, button)));
  };
}

/** The buttons one user's row offers, by role and state. */
function rowButtons(me, user, handlers, button) {
  const staff = user.role !== 'member';
  const roles = grantableRoles(me.role).filter((value) => value !== user.role);
  const invited = user.status === 'invited';
  return [
    staff && roles.length ? button('Cambiar rol', handlers.changeRole) : null,
    invited ? button('Reenviar invitación', handlers.resendInvitation) : null,
    invited ? button('Revocar invitación', handlers.revokeInvitation) : null,
    !staff && user.status === 'active' ? button('Corregir correo', handlers.correctEmail) : null,
    user.status === 'inactive'
      ? button('Reactivar usuario', (target, node) => handlers.setActive(target, node, true))
      : button('Desactivar usuario', (target, node) => handlers.setActive(target, node, false)),
    button('Desbloquear', handlers.unlock),
    user.status === 'active'
      ? button('Enviar enlace de contraseña', handlers.sendPasswordReset) : null,
    user.totp_enabled ? button('Restablecer 2FA', handlers.resetTotp) : null,
  ];
}

function usersList(ctx, me) {
  const status = h('div', { className: 'admin-status', tabindex: '-1' });
  const filters = searchFilters();
  let actions = null;
  let searchGoesOn = false;
  const list = pagedList({
    ctx, moreClassName: 'admin-more',
    fetchPage: async (cursor, signal) => {
      const page = await api.get('/api/admin/users',
        { query: { limit: PAGE, ...filters.query(), ...(cursor ? { cursor } : {}) }, signal });
      searchGoesOn = Boolean(page && page.next_cursor);
      return page;
    },
    drawItems: (rows) => usersTable(rows, actions,
      { filtered: Object.keys(filters.query()).length > 0, searchGoesOn }),
    errorMessage: adminErrorMessage,
    onError: (error) => {
      filters.search.clearError();
      if (error.fields && error.fields.q) filters.search.setError(error.fields.q);
    },
  });

  const say = (kind, text) => {
    replaceChildren(status, text ? notice(kind, h('p', {}, text)) : null);
    if (text) status.focus({ preventScroll: false });
  };
  const act = (button, run, done) => whileBusy(button, async () => {
    try {
      const answer = await run();
      if (!ctx.isCurrent()) return;
      if (answer && answer.removed) {
        list.update((rows) => rows.filter((row) => row.id !== answer.removed));
      } else if (answer) {
        list.update((rows) => rows.map((row) => (row.id === answer.id ? answer : row)));
      }
      say('success', done);
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      say('error', adminErrorMessage(error));
    }
  });
  actions = actionsCell(me, userActions(ctx, me, act));

  filters.form.addEventListener('submit', (event) => {
    event.preventDefault();
    say('', '');
    whileBusy(filters.button, () => list.reload());
  });
  filters.role.input.addEventListener('change', () => list.reload());

  const add = (user) => list.update((rows) => [user, ...rows.filter((row) => row.id !== user.id)]);
  return { root: [filters.form, status, card({ className: 'admin-compact' }, ...list.nodes)],
    load: list.reload, add };
}

// --- the new staff member ---------------------------------------------------------------------

function newStaffForm(ctx, me, onCreated) {
  const alert = formAlert();
  const done = h('div', { className: 'admin-status', tabindex: '-1' });
  const firstName = inputField({ label: 'Nombres', name: 'first_name', autocomplete: 'off',
    maxlength: 80 });
  const lastName = inputField({ label: 'Apellidos', name: 'last_name', autocomplete: 'off',
    maxlength: 80 });
  const email = inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
    autocomplete: 'off', maxlength: 254 });
  const roles = grantableRoles(me.role);
  const role = selectField({ label: 'Rol', name: 'role',
    options: roles.map((value) => ({ value, label: roleName(value) })), value: 'operator',
    hint: me.role === 'super_admin' ? null
      : 'Solo un superadministrador puede crear administradores.' });
  const fields = { first_name: firstName, last_name: lastName, email, role };
  const button = submitButton('Enviar invitación', { className: 'button' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-label': 'Nuevo usuario del personal' },
    alert.root,
    h('div', { className: 'admin-form-grid' }, firstName.root, lastName.root, email.root, role.root),
    h('div', { className: 'admin-actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    replaceChildren(done);
    const body = { first_name: firstName.input.value.trim(), last_name: lastName.input.value.trim(),
      email: email.input.value.trim(), role: role.input.value };
    const valid = requireFields([
      [firstName, body.first_name ? '' : 'Escribe los nombres.'],
      [lastName, body.last_name ? '' : 'Escribe los apellidos.'],
      [email, !body.email ? 'Escribe el correo electrónico.'
        : (EMAIL_RE.test(body.email) ? '' : 'Escribe un correo electrónico válido.')],
      [role, body.role ? '' : 'Elige el rol.'],
    ]);
    if (!valid) return;
    await whileBusy(button, async () => {
      try {
        const user = await api.post('/api/admin/users', body, { signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        form.reset();
        role.input.value = 'operator';
        replaceChildren(done, notice('success', h('p', {},
          `Se envió la invitación a ${user.email || body.email}. El enlace para crear la `
          + 'contraseña vence en 72 horas.')));
        done.focus();
        onCreated(user);
      } catch (error) {
        if (!isAbort(error)) showApiError(spanishError(error), alert, fields);
      }
    }, 'Enviando…');
  });
  return section({ title: 'Nuevo usuario del personal',
    description: 'La persona recibirá un correo con un enlace para crear su contraseña; al '
      + 'iniciar sesión deberá activar la verificación en dos pasos.' }, card({}, done, form));
}

export async function render(ctx) {
  const title = 'Usuarios';
  if (!isAdmin(ctx.session)) return refusal(title);
  const me = ctx.session.user;
  ctx.container.append(pageHeader({ title,
    subtitle: 'Socios y personal: búsqueda, roles, accesos y verificación en dos pasos' }));
  const list = usersList(ctx, me);
  if (grantableRoles(me.role).length) {
    ctx.container.append(...list.root, newStaffForm(ctx, me, list.add));
  } else {
    ctx.container.append(...list.root);
  }
  await list.load();
  return closeDialogs;
}
