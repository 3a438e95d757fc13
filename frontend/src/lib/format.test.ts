import { formatCost } from './format';
import { humanize, roleLabel } from './labels';

describe('formatting', () => {
  it('shows costs with sensible precision, not always four decimals', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(1234)).toBe('$1,234.00');
    expect(formatCost(0.0012)).toBe('$0.0012');
    expect(formatCost(0.000034)).toBe('$0.000034');
    expect(formatCost(Number.NaN)).toBe('$0.00');
  });

  it('turns API identifiers into words', () => {
    expect(roleLabel('viewer')).toBe('Viewer');
    expect(humanize('openai')).toBe('OpenAI-compatible');
    expect(humanize('code')).toBe('Code');
    expect(humanize('code-review_mode')).toBe('Code review mode');
  });
});
