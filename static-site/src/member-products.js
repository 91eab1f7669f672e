// «Productos del socio» (issue 17): the texts of the read-only summary of a member's products that
// staff open from a ticket or a credit application. No DOM here (unit-tested with node --test);
// the part that draws is member-products-parts.js.

import { benefitStatus, depositStatus, overdueText, paymentsText } from './accounts.js';
import { counted, date, money } from './format.js';

/** The API path of the summary for a case: `ticket` or `application` and its id. */
export function memberProductsPath(kind, id) {
  const base = kind === 'ticket' ? '/api/tickets' : '/api/credit/applications';
  return `${base}/${encodeURIComponent(id)}/member-products`;
}

/** "Ana Flores Díaz · DNI 40000311" (the DNI when the account has one). */
export function memberLine(member) {
  const name = (member && member.name) || 'Socio';
  return member && member.dni ? `${name} · DNI ${member.dni}` : name;
}

/** "Datos al 31/10/2026", or a plain note while the member has no imported products. */
export function asOfText(asOf) {
  return asOf ? `Datos al ${date(asOf)}` : 'El socio no tiene productos registrados.';
}

/** "S/ 4,850.00 · cuota mensual S/ 50.00" — or "Sin aportes registrados". */
export function contributionsText(contributions) {
  if (!contributions) return 'Sin aportes registrados';
  return `${money(contributions.balance, contributions.currency)} · cuota mensual `
    + `${money(contributions.monthly_fee, contributions.currency)}`;
}

const LOAN_STATUS = { vigente: 'Vigente', cancelado: 'Cancelado', castigado: 'Castigado' };

/**
 * A loan's state as staff read it: its overdue installments first ("2 cuotas vencidas por
 * S/ 510.00; …"), a closed loan's status and day ("Cancelado el 31/10/2026"), else "Al día".
 */
export function loanStateText(loan) {
  const overdue = overdueText(loan.overdue, loan.currency);
  if (overdue) return overdue;
  const label = LOAN_STATUS[loan.status];
  if (label && loan.closed_on) return `${label} el ${date(loan.closed_on)}`;
  if (label && label !== 'Vigente') return label;
  return 'Al día';
}

/** "2 de 4 cuotas pagadas". */
export function loanPaymentsText(loan) {
  return paymentsText(loan.installments_paid, loan.installments_total);
}

/** "Activo · cuota mensual S/ 30.00 · 3 beneficiarios" — or "No afiliado". */
export function familyBenefitText(plan) {
  if (!plan) return 'No afiliado';
  return `${benefitStatus(plan.status)} · cuota mensual ${money(plan.monthly_fee)} · `
    + counted(plan.beneficiaries, 'beneficiario', 'beneficiarios');
}

export { depositStatus };
