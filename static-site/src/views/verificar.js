// «Verificar un documento» (/verificar?codigo=...): anyone holding a PDF of the portal — printed
// or e-mailed — types the code printed at its foot (or opens the link printed beside it) and
// learns what the document is, when it was issued, for whom (masked) and the SHA-256 of the file
// that was issued, to compare with their copy. No session needed.
//
// POST /api/reports/verify {code} → 200 {kind_label, issued_at_lima, holder {name, dni}, period,
// sha256} (`period` as printed on a movements report, null for a schedule or a simulation);
// 404 for an unknown code, 400 for one that cannot be a code, 429 after too many unknown codes.

import '../styles/verificar.css';
import { api } from '../api.js';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';

const CODE_RE = /^[A-Z2-7]{16}$/;

/** "abcd efgh-jklm npqr" → "ABCDEFGHJKLMNPQR", the form the API reads. */
function plainCode(text) {
  return String(text || '').replace(/[\s-]+/g, '').toUpperCase();
}

export function render(ctx) {
  const code = inputField({ label: 'Código de verificación', name: 'code',
    hint: 'Está al pie de cada página del PDF, por ejemplo ABCD-EFGH-JKLM-NPQR.',
    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 64,
    value: ctx.query.get('codigo') || '' });
  const alert = formAlert();
  const button = submitButton('Verificar');
  const result = h('div', { className: 'verify-result', 'aria-live': 'polite' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-verificar' },
    alert.root, code.root, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check(ctx, { code, alert, button, result });
  });
  ctx.container.append(
    h('h1', { className: 'auth-title', id: 'titulo-verificar', tabindex: '-1' }, 'Verificar un documento'),
    h('p', { className: 'auth-lead' }, 'Ingresa el código de verificación impreso en un reporte PDF '
      + 'del Portal del Socio para confirmar que lo emitió COOPAC PETROPERÚ y que el archivo no fue modificado.'),
    form, result,
    h('div', { className: 'auth-links' }, ctx.session
      ? h('a', { href: '/inicio' }, 'Volver al inicio')
      : h('a', { href: '/login' }, 'Ir al inicio de sesión')));
  if (code.input.value) check(ctx, { code, alert, button, result });
}

function check(ctx, { code, alert, button, result }) {
  clearErrors(alert, { code });
  replaceChildren(result);
  const plain = plainCode(code.input.value);
  const valid = requireFields([[code, !plain ? 'Escribe el código impreso en el documento.'
    : (CODE_RE.test(plain) ? '' : 'El código tiene 16 letras y números, como ABCD-EFGH-JKLM-NPQR.')]]);
  if (!valid) return;
  whileBusy(button, async () => {
    try {
      const answer = await api.post('/api/reports/verify', { code: plain }, { redirectOn401: false });
      if (!ctx.isCurrent()) return;
      replaceChildren(result, verified(answer));
    } catch (error) {
      if (!ctx.isCurrent()) return;
      showApiError(error, alert, { code });
    }
  }, 'Verificando…');
}

function verified(answer) {
  return h('section', { 'aria-labelledby': 'titulo-resultado' },
    notice('success', h('strong', { id: 'titulo-resultado' }, 'Documento emitido por COOPAC PETROPERÚ.')),
    h('dl', { className: 'verify-facts' },
      fact('Documento', answer.kind_label),
      answer.period ? fact('Periodo', answer.period) : null,
      fact('Emitido el', `${answer.issued_at_lima} (hora de Lima)`),
      fact('Titular', `${answer.holder.name} · DNI ${answer.holder.dni}`),
      fact('SHA-256 del archivo emitido', h('span', { className: 'verify-hash' }, answer.sha256))),
    h('div', { className: 'verify-howto' },
      h('p', {}, 'Para comprobar que tu archivo es el mismo que se emitió, calcula su SHA-256 y '
        + 'compáralo con el de arriba; si no coinciden, el archivo fue modificado:'),
      h('ul', {},
        h('li', {}, 'Linux o macOS: ', h('code', {}, 'sha256sum archivo.pdf'), ' (o ',
          h('code', {}, 'shasum -a 256 archivo.pdf'), ')'),
        h('li', {}, 'Windows (PowerShell): ', h('code', {}, 'Get-FileHash archivo.pdf -Algorithm SHA256'))),
      h('p', {}, 'Una copia impresa no tiene SHA-256: compara el documento, la fecha y el titular.')));
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}
