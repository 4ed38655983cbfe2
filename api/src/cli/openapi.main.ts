import { openApiDocument } from '../openapi.ts';

/**
 * Prints the API's OpenAPI document (what `GET /api/openapi.json` answers) without a server or database.
 * `pnpm contract` turns it into packages/contract/src/openapi.gen.ts.
 */
process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
