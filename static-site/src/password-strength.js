// The password strength meter's judgement (manual 2.4.11 B "Seguridad de la contraseña"), made to
// agree with the server's policy (chalicelib/services/auth/password_policy.py):
//   - a password that contains the user's DNI, a name (3+ letters) or the e-mail's local part,
//     folded (no accents, any case), is refused as personal;
//   - fewer than 8 characters is refused;
//   - zxcvbn scores 0 and 1 (fewer than 10^6 guesses) are refused as common; 2 passes.
// zxcvbn-ts (with its common-passwords list) is loaded on demand: it is large, and only the
// screens with a new-password field need it.
//
// Everything here except `loadStrengthChecker` is pure (no DOM), so `node --test` covers it.

export const MIN_LENGTH = 8;
export const MIN_ACCEPTED_SCORE = 2;
/** zxcvbn's own input limit on the server: longer passwords are judged by their first 72. */
export const ZXCVBN_MAX_LENGTH = 72;
const MIN_PERSONAL_WORD = 3;

/** zxcvbn score (0–4) → the Spanish level shown by the meter. */
export const STRENGTH_LABELS = Object.freeze(['Muy débil', 'Débil', 'Aceptable', 'Fuerte', 'Muy fuerte']);
export const EMPTY_LABEL = 'Ingresar una contraseña'; // the manual's exact words (2.4.11)
export const PENDING_LABEL = 'Evaluando…';

export const PERSONAL_MESSAGE = 'No uses tu DNI, tus nombres ni tu correo electrónico en la contraseña.';
export const SHORT_MESSAGE = `Usa al menos ${MIN_LENGTH} caracteres.`;
const WEAK_MESSAGE = 'Es fácil de adivinar y no será aceptada. Agrega más palabras o caracteres; ' +
  'una frase que te resulte familiar es una buena opción.';
const LEVEL_MESSAGES = [
  WEAK_MESSAGE,
  WEAK_MESSAGE,
  'Será aceptada. Puedes hacerla más segura agregando otra palabra.',
  'Buena contraseña.',
  'Excelente contraseña.',
];

/** zxcvbn's warning keys → Spanish, for the few that explain a weak password. */
const WARNINGS = Object.freeze({
  straightRow: 'Las filas seguidas del teclado son fáciles de adivinar.',
  keyPattern: 'Los patrones cortos del teclado son fáciles de adivinar.',
  simpleRepeat: 'Los caracteres repetidos, como «aaa», son fáciles de adivinar.',
  extendedRepeat: 'Las secuencias repetidas, como «abcabc», son fáciles de adivinar.',
  sequences: 'Las secuencias, como «abc» o «6543», son fáciles de adivinar.',
  recentYears: 'Los años recientes son fáciles de adivinar.',
  dates: 'Las fechas son fáciles de adivinar.',
  topTen: 'Es una de las contraseñas más usadas.',
  topHundred: 'Es una contraseña muy usada.',
  common: 'Es una contraseña común.',
  similarToCommon: 'Se parece a una contraseña común.',
  wordByItself: 'Una sola palabra es fácil de adivinar.',
  namesByThemselves: 'Los nombres solos son fáciles de adivinar.',
  commonNames: 'Los nombres comunes son fáciles de adivinar.',
  userInputs: PERSONAL_MESSAGE,
  pwned: 'Esta contraseña apareció en filtraciones de datos.',
});

/** The Spanish text of a zxcvbn warning key ('' when unknown or empty). */
export function warningMessage(key) {
  return (key && Object.hasOwn(WARNINGS, key)) ? WARNINGS[key] : '';
}

/** The meter's label for a score; out-of-range scores are clamped, null means "no password". */
export function strengthLabel(score) {
  if (score === null || score === undefined || Number.isNaN(Number(score))) return EMPTY_LABEL;
  const index = Math.max(0, Math.min(STRENGTH_LABELS.length - 1, Math.trunc(Number(score))));
  return STRENGTH_LABELS[index];
}

/** Lower case without accents, like the server's `fold`: «María» and «maria» are one word. */
export function fold(text) {
  return String(text ?? '').normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The words a password must not contain (the server's `personal_words`): the DNI, each part of
 * the names with at least 3 letters, and the e-mail's local part (3+), folded, without repeats.
 * `user`: { dni, first_name, last_name, email } (the session's user).
 */
export function personalWords(user = {}) {
  const words = [];
  if (user.dni) words.push(String(user.dni));
  for (const name of [user.first_name, user.last_name]) {
    for (const part of fold(name).split(/[^\p{L}\p{N}]+/u)) {
      if (part.length >= MIN_PERSONAL_WORD) words.push(part);
    }
  }
  const localPart = fold(user.email).split('@', 1)[0];
  if (localPart.length >= MIN_PERSONAL_WORD) words.push(localPart);
  return [...new Set(words)];
}

/** True when the folded password contains one of the (folded) personal words. */
export function containsPersonalWord(password, words) {
  const folded = fold(password);
  return words.some((word) => word && folded.includes(word));
}

/** The verdict before zxcvbn: empty, a personal word, too short, or zxcvbn still loading. */
function verdictBeforeZxcvbn(value, words, check) {
  if (!value) {
    return { score: null, label: EMPTY_LABEL, message: '', acceptable: false, pending: false };
  }
  if (containsPersonalWord(value, words)) {
    return { score: 0, label: strengthLabel(0), message: PERSONAL_MESSAGE, acceptable: false,
      pending: false };
  }
  if (value.length < MIN_LENGTH) {
    return { score: 0, label: strengthLabel(0), message: SHORT_MESSAGE, acceptable: false,
      pending: false };
  }
  if (typeof check !== 'function') {
    return { score: null, label: PENDING_LABEL, message: '', acceptable: false, pending: true };
  }
  return null;
}

/**
 * Judge a password for the meter.
 * `check(password, words)` is zxcvbn's check (resolves `{score, feedback: {warning}}`), or null
 * while it is still loading.
 * Returns { score (0–4 or null), label, message, acceptable, pending }.
 */
export function assessPassword(password, { words = [], check = null } = {}) {
  const value = typeof password === 'string' ? password : '';
  const early = verdictBeforeZxcvbn(value, words, check);
  if (early) return early;
  const result = check(value.slice(0, ZXCVBN_MAX_LENGTH), words) || {};
  const score = Math.max(0, Math.min(4, Math.trunc(Number(result.score) || 0)));
  const acceptable = score >= MIN_ACCEPTED_SCORE;
  const warning = acceptable ? '' : warningMessage(result.feedback && result.feedback.warning);
  const message = [warning, LEVEL_MESSAGES[score]].filter(Boolean).join(' ');
  return { score, label: strengthLabel(score), message, acceptable, pending: false };
}

let checker = null;

/**
 * zxcvbn-ts with its common dictionaries (loaded once, on demand). Resolves with
 * `check(password, words)`.
 */
export function loadStrengthChecker() {
  if (!checker) {
    checker = Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
      .then(([core, common]) => {
        const zxcvbn = new core.ZxcvbnFactory({
          dictionary: { ...common.dictionary },
          graphs: common.adjacencyGraphs,
        });
        return (password, words) => zxcvbn.check(password, words);
      })
      .catch((error) => {
        checker = null;
        throw error;
      });
  }
  return checker;
}
