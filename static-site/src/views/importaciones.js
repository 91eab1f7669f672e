// Placeholder: replace with the real screen (see README.md in this folder).

import { comingSoon } from '../components.js';

export function render(ctx) {
  return comingSoon(ctx.route.title);
}
