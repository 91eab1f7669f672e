// Inicio is one route for every role (routes.js): members get their summary from
// inicio-socio.js; staff (operators, admins) get their statistics from inicio-staff.js.

const STAFF_ROLES = new Set(['operator', 'admin', 'super_admin']);

export async function render(ctx) {
  const role = ctx.session && ctx.session.user ? ctx.session.user.role : null;
  if (STAFF_ROLES.has(role)) {
    const staff = await import('./inicio-staff.js');
    return staff.render(ctx);
  }
  const member = await import('./inicio-socio.js');
  return member.renderMemberDashboard(ctx);
}
