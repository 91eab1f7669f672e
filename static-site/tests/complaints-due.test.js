import assert from 'node:assert/strict';
import { test } from 'node:test';

import { complaintsDue } from '../src/complaints-due.js';

test('admins see everyone\'s reclamos por vencer, operators their own', () => {
  const stats = { complaints_due: { mine: 1, all: 4, within_days: 2 } };
  assert.deepEqual(complaintsDue(stats, true), { count: 4, everyone: true, days: 2 });
  assert.deepEqual(complaintsDue({ complaints_due: { mine: 1, all: null, within_days: 2 } }, false),
    { count: 1, everyone: false, days: 2 });
  assert.equal(complaintsDue({}, true), null);
});
