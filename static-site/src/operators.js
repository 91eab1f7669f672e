// The people an admin can hand work to (tickets in Mensajes, applications in Solicitudes): the
// active operators of GET /api/admin/users?role=operator (docs/design/API.md "admin").

import { api } from './api.js';
import { MAX_PAGE_SIZE } from './generated/server-constants.js';

/** An active user of the directory as a choice: {id, name}; null without an id. */
function asOperator(user) {
  const active = user.active !== false && (!user.status || user.status === 'active');
  const id = user.id || user.user_id;
  if (!active || !id) return null;
  const name = user.name || [user.first_name, user.last_name].filter(Boolean).join(' ') ||
    user.email;
  return { id, name };
}

/** The active operators, [{id, name}]; rejects (ApiError) when the directory cannot be read. */
export async function activeOperators(signal) {
  const answer = await api.get('/api/admin/users',
    { query: { role: 'operator', limit: MAX_PAGE_SIZE }, signal });
  return (answer && answer.items ? answer.items : []).map(asOperator).filter(Boolean);
}
