// «Historial» of the member's product screens (issue 17): the products that are no longer active
// (a paid-off or written-off loan, a closed account, a matured deposit) with their state and
// closing date, apart from the active ones the screen's figures count. The data is the `closed`
// list of each GET /api/accounts/... answer (docs/imports.md, "Product status").

import { closedOnText, productStatusLabel } from './accounts.js';
import { badge } from './accounts-parts.js';
import { card, dataTable, section } from './components.js';

/**
 * The section, or null when nothing is closed. `name(row)` is what the product is, `number(row)`
 * tells it apart (a masked account or a loan number), `amount(row)` its last balance.
 */
export function historySection({ rows, caption, name, number, amount,
  title = 'Historial', description = 'Productos que ya no están activos; no suman en los totales.' }) {
  if (!rows || !rows.length) return null;
  return section({ title, description, className: 'product-history' },
    card({}, dataTable({
      caption, captionHidden: true, rows,
      columns: [
        { key: 'name', label: 'Producto', phone: 'title', render: name },
        { key: 'number', label: 'Número', render: number },
        { key: 'status', label: 'Estado', phone: 'status',
          render: (row) => badge('neutral', productStatusLabel(row.status)) },
        { key: 'closed_on', label: 'Fecha de cierre', phone: 'meta',
          render: (row) => closedOnText(row.closed_on) },
        { key: 'amount', label: 'Saldo final', align: 'end', phone: 'amount', render: amount },
      ],
    })));
}
