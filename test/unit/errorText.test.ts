import assert from 'node:assert/strict';
import { errorText } from '../../src/core/errorText';

describe('errorText: the message a failed command shows', () => {
  it("is an Error's message, without its name or stack", () => {
    assert.equal(errorText(new Error('The note file is not valid YAML.')), 'The note file is not valid YAML.');
    assert.equal(errorText(new TypeError('fetch failed')), 'fetch failed');
  });

  it('is anything else thrown, as a string', () => {
    assert.equal(errorText('Cancelled'), 'Cancelled');
    assert.equal(errorText(404), '404');
    assert.equal(errorText(undefined), 'undefined');
    assert.equal(errorText({ toString: () => 'a rejected object' }), 'a rejected object');
  });
});
