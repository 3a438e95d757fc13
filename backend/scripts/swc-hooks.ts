/**
 * In-thread module hooks that run the backend's TypeScript sources straight from src/ through SWC,
 * with the legacy decorators and their design-type metadata Nest and @nestjs/swagger read (Node's own
 * type stripping does neither). Only for tooling scripts; the image runs tsc's output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

export function registerSwcHooks(): void {
  registerHooks({
    // Sources import each other as `./x.js` (NodeNext); the file on disk is `./x.ts`.
    resolve(specifier, context, next) {
      if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
        const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
        if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
      }
      return next(specifier, context);
    },
    load(url, context, next) {
      if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
        return next(url, context);
      }
      const file = fileURLToPath(url);
      const { code } = transformSync(readFileSync(file, 'utf8'), {
        filename: file,
        sourceMaps: false,
        module: { type: 'es6' },
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
      });
      return { format: 'module', source: code, shortCircuit: true };
    },
  });
}
