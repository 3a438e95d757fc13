import { describe, expect, it } from 'vitest';
import { commandDecision, splitCommand } from './command-policy.js';

describe('command allow/deny prefixes', () => {
  it('splits a command line into its parts', () => {
    expect(splitCommand('npm test && rm -rf x; ls | wc -l & sleep 1')).toEqual([
      'npm test',
      'rm -rf x',
      'ls',
      'wc -l',
      'sleep 1',
    ]);
  });
  it('empty lists ask every time', () => {
    expect(commandDecision('ls', [], [])).toEqual({ decision: 'ask' });
  });
  it('allows only when every part is allowed', () => {
    expect(commandDecision('npm test && node --test', ['npm', 'node'], [])).toEqual({ decision: 'allow' });
    expect(commandDecision('npm test && curl x', ['npm'], [])).toEqual({ decision: 'ask' });
    expect(commandDecision('node $(curl x)', ['node'], [])).toEqual({ decision: 'ask' });
  });
  it('deny wins: any denied part, and a tie with an allow prefix', () => {
    expect(commandDecision('npm test; rm -rf /', ['*'], ['rm'])).toEqual({
      decision: 'deny',
      part: 'rm -rf /',
      prefix: 'rm',
    });
    expect(commandDecision('git push', ['git push'], ['git push'])).toMatchObject({ decision: 'deny' });
    // A longer allow prefix beats a shorter deny one (Roo's longest-prefix rule).
    expect(commandDecision('git status', ['git status'], ['git'])).toEqual({ decision: 'allow' });
  });
});
