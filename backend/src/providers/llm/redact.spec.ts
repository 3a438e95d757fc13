import { describe, expect, it } from 'vitest';
import { describeLlmError } from '../llm-clients.service.js';
import { redactDeep, redactKnownKeys, redactor, redactSecret, rememberKey, secretForms } from './redact.js';

// Shaped like a Google API key: none of the old `sk-`/`key-`/`token-` patterns match it.
const KEY = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
const ODD = 'Zq8!x/y+z%Pw0rd~with spaces&more=stuff';

describe('provider key redaction', () => {
  it('redacts the actual key whatever its shape, and its obvious encodings', () => {
    const r = redactor([ODD]);
    const b64 = Buffer.from(ODD).toString('base64');
    const texts = [
      `upstream said: invalid key ${ODD}.`,
      `GET /v1/models?key=${encodeURIComponent(ODD)} failed`,
      `GET /v1/models?key=${encodeURIComponent(ODD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
      `body {"key":${JSON.stringify(ODD)}}`,
      `Authorization: Basic ${Buffer.from(`user:${ODD}`).toString('base64')}`,
      `x-goog: ${b64} and ${Buffer.from(ODD).toString('base64url')}`,
      `hex ${Buffer.from(ODD).toString('hex')}`,
      `cut off: ${ODD.slice(0, 20)}`,
      `tail: ${ODD.slice(-15)}`,
    ];
    for (const t of texts) {
      const out = r(t);
      expect(out, t).toContain('[redacted]');
      expect(out).not.toContain(ODD.slice(0, 12));
      expect(out).not.toContain(ODD.slice(-12));
      expect(out).not.toContain(b64.slice(4, 16));
    }
    // A key inside a longer base64 blob, at every byte alignment.
    for (const pad of ['', 'a', 'ab', 'abc']) {
      const blob = Buffer.from(`${pad}${ODD}!`).toString('base64');
      expect(r(blob)).toContain('[redacted]');
    }
  });

  it('redacts an AIza key the old shape patterns missed, and keeps ordinary text', () => {
    expect(redactSecret(`API key not valid: ${KEY}`, KEY)).toBe('API key not valid: [redacted]');
    expect(redactSecret(`API key not valid: ${KEY}`, null)).toBe('API key not valid: [redacted]');
    expect(redactSecret('nothing secret here, sk or key', KEY)).toBe('nothing secret here, sk or key');
    expect(redactSecret('Bearer abcdefgh12345678', null)).toBe('Bearer [redacted]');
    // Short keys such as "ollama" are not treated as secrets that garble every text.
    expect(redactSecret('ollama says hi', 'ollama')).toBe('ollama says hi');
    expect(secretForms(KEY)).toContain(KEY);
  });

  it('leaves code and prose alone in messages (only the actual key and specific shapes go)', () => {
    const r = redactor([KEY]);
    const code = 'call ask_followup_question; token_count_total += 1; key_value_store; Basic authentication';
    expect(r(code)).toBe(code);
    expect(r('leaked sk-proj-abc123def456ghi789jkl0 here')).toBe('leaked [redacted] here');
    expect(r(`other google key AIzaSyA-0000000000000000000000000000000`)).toBe('other google key [redacted]');
  });

  it('redacts every string inside a message meta, and every key the process opened', () => {
    const meta = { toolCalls: [{ id: '1', name: 'x', input: { path: `a/${KEY}` } }], n: 3, ok: true };
    expect(JSON.stringify(redactDeep(meta, (s) => redactSecret(s, KEY)))).not.toContain(KEY.slice(4, 16));
    expect(redactDeep(meta, (s) => s)).toEqual(meta);
    const other = 'another-provider-secret-0123456789';
    expect(redactKnownKeys(`boom ${other}`)).toContain(other.slice(20));
    rememberKey(other);
    expect(redactKnownKeys(`boom ${other}`)).toBe('boom [redacted]');
  });

  it('keeps the key out of provider errors, whatever the error says', () => {
    const err = Object.assign(new Error(`400 API key not valid. key=${encodeURIComponent(ODD)} ${KEY}`), {
      status: 400,
    });
    const message = describeLlmError(err, 'p', ODD).message;
    expect(message).toMatch(
      /^provider "p" answered 400: 400 API key not valid\. key=\[redacted\] \[redacted\]$/,
    );
  });
});
