import type { OpenAPIObject } from '@nestjs/swagger';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlineOpenApiDocument } from './openapi-document.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Where a schema is an object with nothing said about its fields (generated as Record<string, never>). */
function bareObjects(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node)) node.forEach((v, i) => bareObjects(v, `${path}/${i}`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'object' && !('properties' in o) && !('additionalProperties' in o) && !('allOf' in o))
      out.push(path);
    for (const [k, v] of Object.entries(o)) bareObjects(v, `${path}/${k}`, out);
  }
  return out;
}

// The UI's REST types are generated from this document (frontend/scripts/gen-api.mjs): an answer
// it does not describe becomes `unknown` there, so every route must declare its response.
describe('the OpenAPI document (built without services)', () => {
  let doc: OpenAPIObject;
  beforeAll(async () => {
    doc = await offlineOpenApiDocument();
  }, 30_000);

  it('documents the answer of every operation', () => {
    const undocumented: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        operations += 1;
        const described = Object.entries(op.responses).some(
          ([code, r]) =>
            code === '204' ||
            code === '302' ||
            (code.startsWith('2') && !!r && 'content' in r && !!r.content),
        );
        if (!described) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(100);
    expect(undocumented).toEqual([]);
  });

  it('describes every object it mentions (no bare `type: object`)', () => {
    expect(bareObjects(doc, '', [])).toEqual([]);
  });

  it('names the enums the UI shares as types', () => {
    const schemas = doc.components?.schemas ?? {};
    for (const name of ['TaskStatus', 'Role', 'AskKind', 'SayKind', 'TaskResponse', 'CheckpointKind'])
      expect(schemas[name], name).toBeDefined();
  });
});
