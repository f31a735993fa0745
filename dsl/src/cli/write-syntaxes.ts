/**
 * Writes the editors' highlighting grammars (`dsl/syntaxes/`) from the grammar; `npm run langium:generate` runs it
 * after langium-cli. A test fails when the files written here differ from what the grammar gives.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monarchSource, textMateGrammar } from '../language/syntaxes.js';

const dir = fileURLToPath(new URL('../../syntaxes/', import.meta.url));
writeFileSync(`${dir}matter.monarch.ts`, monarchSource());
writeFileSync(`${dir}matter.tmLanguage.json`, `${JSON.stringify(textMateGrammar(), null, 2)}\n`);
console.log(`Wrote the Monarch and TextMate grammars to ${dir}`);
