// «Términos y condiciones» (admin, issue 18): the versions of the terms of use; being built.

import { comingSoon } from '../components.js';

export function render() {
  return comingSoon('Términos y condiciones');
}
