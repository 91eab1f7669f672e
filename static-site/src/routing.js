// Reparto de casos (issue 17): the rules the «Reparto» screen and the staff lists share, pure
// (node-tested in tests/routing.test.js).

export const MODE_LABELS = Object.freeze({
  none: 'Sin reparto (asigna un administrador)',
  round_robin: 'Por turnos entre operadores',
  shared_queue: 'Cola compartida',
});

/** The mode's Spanish label («Sin reparto…» for anything unknown). */
export function modeLabel(mode) {
  return MODE_LABELS[mode] || MODE_LABELS.none;
}

/** «Carlos Paredes, Lucía Salazar» (an operator no longer active says so), or «—». */
export function operatorsText(operators = []) {
  if (!operators.length) return '—';
  return operators.map((o) => (o.active === false ? `${o.name} (inactivo)` : o.name)).join(', ');
}

/** The client-side check of a rule ('' when right): a queue that shares out needs operators. */
export function ruleProblem(mode, operatorIds) {
  if (!MODE_LABELS[mode]) return 'Elige un modo de reparto.';
  if (mode !== 'none' && operatorIds.length === 0) return 'Elige al menos un operador para esta cola.';
  return '';
}

/** The PUT body: «Sin reparto» names nobody, whatever boxes were left ticked. */
export function ruleBody(mode, operatorIds) {
  return { mode, operators: mode === 'none' ? [] : [...operatorIds] };
}

/** The API path of one queue's rule. */
export function rulePath(queue) {
  return `/api/admin/routing/${encodeURIComponent(queue.kind)}/${encodeURIComponent(queue.key)}`;
}

/** The Spanish refusal of taking a case another person took first (409 already_taken). */
export function takeErrorMessage(error) {
  if (error && error.code === 'already_taken') {
    return 'Otra persona ya tomó este caso. La cola compartida se actualizó.';
  }
  if (error && error.status === 404) return 'Este caso ya no está en tu cola compartida.';
  return (error && error.message) || 'No se pudo tomar el caso. Inténtalo nuevamente.';
}
