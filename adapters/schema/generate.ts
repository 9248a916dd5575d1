import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaDocuments } from './documents.js';

/** `npm run schemas`: write every schema into schemas/ at the repository's root. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const folder = join(root, 'schemas');
mkdirSync(folder, { recursive: true });
for (const [file, schema] of Object.entries(schemaDocuments()))
  writeFileSync(join(folder, file), `${JSON.stringify(schema, null, 2)}\n`);
