// The Libro de Reclamaciones virtual (issue 18): labels and rules shared by the public form
// (/libro-de-reclamaciones), the public status page (/reclamos/estado) and the staff queue
// (/reclamaciones). The server owns the rules (chalicelib/domain/complaints); these are the
// words the screens show.

export const COMPLAINTS_PATH = '/libro-de-reclamaciones';
export const COMPLAINT_STATUS_PATH = '/reclamos/estado';

export const KIND_LABELS = Object.freeze({ reclamo: 'Reclamo', queja: 'Queja' });

export const KIND_EXPLANATIONS = Object.freeze({
  reclamo: 'Disconformidad con el producto o servicio contratado (por ejemplo, un cobro, un '
    + 'abono o una condición del préstamo).',
  queja: 'Malestar o descontento con la atención recibida, no con el producto (por ejemplo, una '
    + 'demora o un mal trato).',
});

export const PRODUCT_OPTIONS = Object.freeze([
  { value: 'aportes', label: 'Aportes' },
  { value: 'ahorros', label: 'Ahorros' },
  { value: 'plazo_fijo', label: 'Depósito a plazo fijo' },
  { value: 'cts', label: 'CTS' },
  { value: 'prestamo', label: 'Préstamo' },
  { value: 'beneficio_familiar', label: 'Beneficio familiar' },
  { value: 'atencion', label: 'Atención / plataforma' },
  { value: 'otro', label: 'Otro' },
]);

export const STATUS_LABELS = Object.freeze({
  recibido: 'Recibido', en_atencion: 'En atención', respondido: 'Respondido',
});

const STATUS_TONES = Object.freeze({ recibido: 'info', en_atencion: 'warning', respondido: 'success' });

export function kindLabel(kind) {
  return KIND_LABELS[kind] || String(kind || '—');
}

export function productLabel(product) {
  const found = PRODUCT_OPTIONS.find((option) => option.value === product);
  return found ? found.label : String(product || '—');
}

export function statusLabel(status) {
  return STATUS_LABELS[status] || String(status || '—');
}

export function statusTone(status) {
  return STATUS_TONES[status] || 'neutral';
}

/** «Vence en 3 días hábiles», «Vence hoy», «Vencido hace 2 días hábiles» (as the server says). */
export function dueLabel(daysLeft) {
  if (daysLeft === null || daysLeft === undefined) return '—';
  if (daysLeft === 0) return 'Vence hoy';
  const unit = Math.abs(daysLeft) === 1 ? 'día hábil' : 'días hábiles';
  return daysLeft > 0 ? `Vence en ${daysLeft} ${unit}` : `Vencido hace ${-daysLeft} ${unit}`;
}

/** The badge tone of the days left: late red, the last three business days amber. */
export function dueTone(daysLeft) {
  if (daysLeft === null || daysLeft === undefined) return 'neutral';
  if (daysLeft < 0) return 'danger';
  return daysLeft <= 3 ? 'warning' : 'info';
}

/** The body the API reads from the form's values (trimmed; the amount optional). */
export function complaintBody(values) {
  const text = (name) => String(values[name] || '').trim();
  return {
    full_name: text('full_name'), document_type: text('document_type') || 'dni',
    document_number: text('document_number').toUpperCase(), address: text('address'),
    phone: text('phone'), email: text('email'), is_minor: Boolean(values.is_minor),
    guardian_name: values.is_minor ? text('guardian_name') : null,
    product: text('product'), amount: text('amount').replace(',', '.') || null,
    kind: text('kind'), detail: text('detail'), request: text('request'),
    accepts_email_answer: Boolean(values.accepts_email_answer),
  };
}

/** The signed-in user's data the form starts with (the profile: name, DNI, e-mail). */
export function prefillFrom(session) {
  const user = session && session.user;
  if (!user || user.role !== 'member') return {};
  return { full_name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    document_number: user.dni || '', email: user.email || '' };
}

/** base64 → bytes (the PDF copy the filing answers with). */
export function bytesOf(base64) {
  const binary = atob(String(base64 || ''));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
