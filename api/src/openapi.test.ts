import { describe, expect, it } from 'vitest';
import { createOfflineApp, openApiDocument } from './openapi.ts';

/**
 * The web's client is typed from the OpenAPI document (packages/contract), so a route missing from it, or
 * declared without its answer's schema, is a route the web cannot call through the contract. Both lists
 * are read from the app itself: nothing here names routes by hand.
 */
const app = createOfflineApp();
const document = openApiDocument(app);
type Operation = {
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
};
const operations = new Map<string, Operation>();
for (const [path, item] of Object.entries(document.paths ?? {}))
  for (const [method, op] of Object.entries(item as Record<string, Operation>))
    operations.set(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, op);

// The document does not describe itself.
const apiRoutes = [
  ...new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path}`),
  ),
];

describe('OpenAPI document ↔ route table', () => {
  it('reads the real route table (sanity)', () => {
    expect(apiRoutes.length).toBeGreaterThan(50);
    expect(apiRoutes).toContain('GET /api/sessions/:id');
  });

  it('every /api route is in the document', () => {
    expect(apiRoutes.filter((k) => !operations.has(k))).toEqual([]);
  });

  it('every success answer and request body of an /api route declares its schema', () => {
    const undeclared: string[] = [];
    for (const key of apiRoutes) {
      const op = operations.get(key);
      if (!op) continue;
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^2\d\d$/.test(status) || status === '204') continue;
        const contents = Object.entries(response.content ?? {});
        if (contents.length === 0) undeclared.push(`${key} ${status}: no content`);
        for (const [type, c] of contents)
          if (!c.schema || Object.keys(c.schema).length === 0) undeclared.push(`${key} ${status} ${type}`);
      }
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {}))
        if (!c.schema || Object.keys(c.schema).length === 0) undeclared.push(`${key} request ${type}`);
    }
    expect(undeclared).toEqual([]);
  });
});
