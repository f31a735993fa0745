/**
 * The Matter language server for editors, over stdio (or any transport vscode-languageserver reads from argv):
 *   node --import ./tools/node-polyfills.mjs --import tsx dsl/src/lsp/main-node.ts --stdio
 * Node 20 needs the polyfill (Langium 4.4 calls Object.groupBy); Node 22 does not.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMatterServices } from '../language/matter-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createMatterServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
