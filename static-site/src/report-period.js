// «Desde» / «Hasta» for the reports of a period (aportes, CTS, the savings statement): two dates
// typed as dd/mm/aaaa (text inputs: a native date input shows the browser's own order, often
// mm/dd), starting on this year in Lima, checked by the API's own rules before the PDF is asked
// for (report-button.js `parsePeriod`), with the download button beside them. The download itself is reportButton's
// (presigned link, verification code in its status line).

import './styles/reports.css';
import { h } from './dom.js';
import { todayIso } from './format.js';
import { inputField } from './forms.js';
import { defaultPeriod, parsePeriod, reportButton } from './report-button.js';

/**
 * @param {{kind: string, id?: string, label?: string, title?: string, today?: string}} options
 *   `title` names the group for screen readers («Periodo del reporte»).
 * @returns {HTMLElement} a `<fieldset>` with «Desde», «Hasta» and the download button
 */
export function periodReport({ kind, id = null, label = 'Descargar PDF',
  title = 'Periodo del reporte', today = todayIso() }) {
  const start = defaultPeriod(today);
  const dayField = (label, name, value) => inputField({ label, name, value,
    placeholder: 'dd/mm/aaaa', inputmode: 'numeric', autocomplete: 'off', maxlength: 10,
    hint: 'dd/mm/aaaa' });
  const from = dayField('Desde', 'from', start.from);
  const to = dayField('Hasta', 'to', start.to);
  const read = () => {
    const { period, error } = parsePeriod({ from: from.input.value, to: to.input.value },
      todayIso());
    from.setError(error && error.field === 'from' ? error.message : '');
    to.setError(error && error.field === 'to' ? error.message : '');
    if (error) (error.field === 'from' ? from : to).input.focus();
    return period || null;
  };
  return h('fieldset', { className: 'report-period' },
    h('legend', { className: 'visually-hidden' }, title),
    from.root, to.root, reportButton({ kind, id, label, period: read }));
}

export default periodReport;
