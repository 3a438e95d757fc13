import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks share tokens and drops query strings', () => {
    expect(redactUrl('/api/v1/shared/rs_abcDEF-123_x')).toBe('/api/v1/shared/[redacted]');
    expect(redactUrl('/api/v1/shared/rs_abc/more?x=1')).toBe('/api/v1/shared/[redacted]/more');
    expect(redactUrl('/api/v1/SHARED/rs_abc')).toBe('/api/v1/shared/[redacted]');
    expect(redactUrl('/api/v1/tasks/1/shares?token=t')).toBe('/api/v1/tasks/1/shares');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
