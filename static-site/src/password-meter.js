// The "Seguridad de la contraseña" meter under a new-password input (manual 2.4.11 B, 2.2.4):
// a five-step bar (classes only, no inline style) and the Spanish level, announced politely and
// tied to the input with aria-describedby. The judgement is in password-strength.js.

import './styles/password-meter.css';

import { h, setText, uid } from './dom.js';
import { assessPassword, loadStrengthChecker, personalWords } from './password-strength.js';

/**
 * strengthMeter({ input, user }) → { root, update() }.
 * `user` ({dni, first_name, last_name, email}) gives the words the password must not contain.
 */
export function strengthMeter({ input, user = null }) {
  const id = uid('seguridad');
  const words = user ? personalWords(user) : [];
  const label = h('span', { className: 'strength-label' });
  const message = h('span', { className: 'strength-message' });
  const segments = Array.from({ length: 5 }, () => h('span', { className: 'strength-segment' }));
  const bar = h('div', { className: 'strength-bar', 'aria-hidden': 'true' }, segments);
  const root = h('div', { className: 'strength', id },
    h('p', { className: 'strength-heading', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { className: 'strength-title' }, 'Seguridad de la contraseña: '), label),
    bar,
    h('p', { className: 'strength-hint' }, message));

  let check = null;
  let loading = null;

  function paint() {
    const verdict = assessPassword(input.value, { words, check });
    setText(label, verdict.label);
    setText(message, verdict.message);
    const level = verdict.score === null ? 'none' : String(verdict.score);
    root.dataset.level = level;
    bar.className = `strength-bar strength-level-${level}`;
    segments.forEach((segment, index) => {
      segment.classList.toggle('is-on', verdict.score !== null && index <= verdict.score);
    });
    if (verdict.pending) ensureChecker();
    return verdict;
  }

  function ensureChecker() {
    if (check || loading) return;
    loading = loadStrengthChecker()
      .then((fn) => {
        check = fn;
        paint();
      })
      .catch(() => {
        // Without the dictionaries the meter says nothing more; the server still judges.
        setText(label, 'No disponible');
      })
      .finally(() => {
        loading = null;
      });
  }

  const describedBy = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  input.setAttribute('aria-describedby', [...describedBy, id].join(' '));
  input.addEventListener('input', paint);
  // Start loading the dictionaries as soon as the user heads for the field.
  input.addEventListener('focus', ensureChecker, { once: true });
  paint();
  return { root, update: paint };
}
