// Pure helpers of the 2FA set-up (manual 2.2.1): the secret shown in groups of four, the 6-digit
// code as typed, a backup code as typed (issue 14: ten single-use codes `XXXXX-XXXXX` that work
// wherever the app's code is asked), the text file of the backup codes, and the server's QR (an
// SVG string) as an image URL the CSP allows (`img-src 'self' data:` — a `data:` URL, never
// parsed into the page as markup).

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (spaces and case of the input are ignored). */
export function groupSecret(secret, size = 4) {
  const clean = String(secret ?? '').replace(/[\s-]+/g, '').toUpperCase();
  const groups = [];
  for (let index = 0; index < clean.length; index += size) groups.push(clean.slice(index, index + size));
  return groups.join(' ');
}

/** The secret without the grouping spaces (what the copy button copies). */
export function plainSecret(secret) {
  return String(secret ?? '').replace(/[\s-]+/g, '').toUpperCase();
}

/** What the user typed as a code, digits only ("123 456" → "123456"), at most 6. */
export function cleanCode(value) {
  return String(value ?? '').replace(/\D+/g, '').slice(0, 6);
}

/** True for exactly six digits. */
export function isCompleteCode(value) {
  return /^\d{6}$/.test(String(value ?? ''));
}

/** The backup codes' alphabet (the server's: no 0/O, 1/I/L look-alikes). */
const BACKUP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BACKUP_CODE = new RegExp(`^[${BACKUP_ALPHABET}]{5}-[${BACKUP_ALPHABET}]{5}$`);

/**
 * What the user typed where the app's code or a backup code is asked: digits only (6 at most)
 * while it has no letter; with a letter, a backup code in upper case grouped `XXXXX-XXXXX`.
 */
export function cleanSecondFactor(value) {
  const text = String(value ?? '');
  if (!/[a-z]/i.test(text)) return cleanCode(text);
  const plain = text.replace(/[\s-]+/g, '').toUpperCase().slice(0, 10);
  return plain.length > 5 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : plain;
}

/** True for six digits or a whole backup code (as cleaned by `cleanSecondFactor`). */
export function isSecondFactor(value) {
  const text = String(value ?? '');
  return isCompleteCode(text) || BACKUP_CODE.test(text);
}

/** The backup codes as a text file to keep (the "Descargar" button). */
export function backupCodesText(codes, email) {
  return ['COOPAC PETROPERÚ — códigos de respaldo de la autenticación en dos pasos (2FA)',
    `Cuenta: ${email || ''}`,
    'Cada código sirve una sola vez, en lugar del código de tu aplicación de autenticación.',
    'Guárdalos en un lugar seguro y no los compartas con nadie.',
    '', ...(codes || []), ''].join('\n');
}

/** Base64 of a text's UTF-8 bytes (the SVG's title has accents; `btoa` wants Latin-1). */
export function utf8Base64(text) {
  const bytes = new TextEncoder().encode(String(text ?? ''));
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary);
}

/**
 * The server's QR SVG as `data:image/svg+xml;base64,...` for an <img>. An SVG shown through
 * <img> cannot run scripts or load anything, and `data:` is allowed by the CSP's img-src.
 * Returns null when the text is not an SVG document.
 */
export function svgDataUri(svgText) {
  const text = String(svgText ?? '').trim();
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text)) return null;
  return `data:image/svg+xml;base64,${utf8Base64(text)}`;
}

/** Only an `otpauth://totp/` URI may become the "open in the app" link. */
export function safeOtpauthUri(uri) {
  return typeof uri === 'string' && /^otpauth:\/\/totp\//i.test(uri) ? uri : null;
}
