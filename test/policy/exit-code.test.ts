import { HeaplintError } from '../../src/errors.js';
import { exitCodeFor, parseFailLevel } from '../../src/policy/exit-code.js';
import type { Level } from '../../src/findings/finding.js';

const at = (...levels: Level[]) => levels.map((level) => ({ level }));

describe('exitCodeFor', () => {
  test.each([
    ['error', [], 0],
    ['error', ['warning', 'note'], 0],
    ['error', ['note', 'error'], 1],
    ['warning', ['note'], 0],
    ['warning', ['warning'], 1],
    ['warning', ['error'], 1],
    ['note', ['note'], 1],
    ['note', [], 0],
    ['none', ['error', 'warning', 'note'], 0],
  ] as const)('fail-level %s with %j → %i', (failLevel, levels, code) => {
    expect(exitCodeFor(at(...levels), failLevel)).toBe(code);
  });

  test('parseFailLevel accepts the four levels and rejects others with exit code 2', () => {
    expect(['error', 'warning', 'note', 'none'].map((l) => parseFailLevel(l))).toEqual(['error', 'warning', 'note', 'none']);
    expect(() => parseFailLevel('warn')).toThrow(new HeaplintError('--fail-level: must be one of error, warning, note, none, got "warn"'));
    try {
      parseFailLevel('x');
    } catch (error) {
      expect((error as HeaplintError).exitCode).toBe(2);
    }
  });
});
