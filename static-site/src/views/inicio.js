// Inicio is one route for every role (routes.js): members get their summary from
// inicio-socio.js; staff (operators, admins) get their statistics from inicio-staff.js.
// The member's summary comes with this module (its chunks load in parallel with it): a member's
// first screen, on a phone, is one round trip shorter; staff fetch theirs when they arrive.

import { renderMemberDashboard } from './inicio-socio.js';

const STAFF_ROLES = new Set(['operator', 'admin', 'super_admin']);

export async function render(ctx) {
  const role = ctx.session && ctx.session.user ? ctx.session.user.role : null;
  if (STAFF_ROLES.has(role)) {
    const staff = await import('./inicio-staff.js');
    return staff.render(ctx);
  }
  return renderMemberDashboard(ctx);
}
