import assert from 'node:assert/strict';
import { parseCategoryList, parseDayRange } from '../../src/core/feeds/importFilter';

describe('import filters typed by a user', () => {
  it('reads categories and archives, and names the one that is not', () => {
    assert.deepEqual(parseCategoryList(' cs.LG, math+hep-th  cs.LG'), { categories: ['cs.LG', 'math', 'hep-th'] });
    assert.deepEqual(parseCategoryList(''), { categories: [] });
    assert.deepEqual(parseCategoryList('cs.LG, ML'), { error: '"ML" is not an arXiv category or archive (cs.LG, math, hep-th)' });
  });

  it('reads ranges of days, open at either end, and refuses impossible ones', () => {
    assert.deepEqual(parseDayRange('2024-01-01..2024-06-30'), { from: '2024-01-01', until: '2024-06-30' });
    assert.deepEqual(parseDayRange(' 2024-01-01 .. '), { from: '2024-01-01' });
    assert.deepEqual(parseDayRange('..2024-06-30'), { until: '2024-06-30' });
    assert.deepEqual(parseDayRange('2024-02-29'), { from: '2024-02-29', until: '2024-02-29' });
    assert.deepEqual(parseDayRange(''), {});
    assert.deepEqual(parseDayRange('2023-02-29'), { error: '"2023-02-29" is not a day as YYYY-MM-DD' });
    assert.deepEqual(parseDayRange('2024-06-30..2024-01-01'), { error: 'The range ends (2024-01-01) before it starts (2024-06-30)' });
    assert.match((parseDayRange('2024-01-01..2024-02-01..2024-03-01') as { error: string }).error, /YYYY-MM-DD\.\.YYYY-MM-DD/);
  });
});
