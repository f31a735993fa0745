/**
 * Child process: re-checking one ~300-line matter after a one-character edit, WARM — the whole catalogue is
 * loaded, linked and validated, and each edit goes through `MatterWorkspace.update`, the way the language
 * server takes a keystroke: the new text in TextDocuments, then DocumentBuilder.update, which re-parses,
 * re-links and re-validates what the change affects. Timed until the edited document's diagnostics are ready.
 * Usage: warm-matter.ts <catalogDir> <big.matter> <warm-up edits> <timed edits>
 *
 * Also times the floor of that work: parsing the file alone (the Langium parser, warm, same texts).
 */
import { readFileSync } from 'node:fs';
import { reportResult } from '../figures.ts';
import { applyEdit, findSites, matterNumber } from './edits.ts';

const [catalogDir, bigFile, warmupArg, editsArg] = process.argv.slice(2);
if (!catalogDir || !bigFile) throw new Error('usage: warm-matter.ts <catalogDir> <big.matter> <warm-up> <edits>');
const warmup = Number(warmupArg ?? 10);
const edits = Number(editsArg ?? 50);

const { EmptyFileSystem, DocumentState, URI } = await import('langium');
const { createMatterServices } = await import('../../../dsl/src/language/matter-module.ts');
const { loadWorkspace } = await import('../../../dsl/src/workspace/load.ts');
const { planLoad } = await import('../../../dsl/src/workspace/files.ts');

const services = createMatterServices(EmptyFileSystem).Matter;
const shared = services.shared;
const plan = planLoad([catalogDir]);
const bigText = readFileSync(bigFile, 'utf8');
const tLoad = performance.now();
const workspace = await loadWorkspace([...plan.files, { uri: bigFile, text: bigText }], services);
const loadMs = performance.now() - tLoad;
const errorsIn = (diagnostics: Array<{ severity?: number }> | undefined) =>
  (diagnostics ?? []).filter(d => d.severity === 1).length;
const loadErrors = workspace.documents.reduce((n, d) => n + errorsIn(workspace.diagnostics(d)), 0);
if (loadErrors > 0) throw new Error(`the catalogue has ${loadErrors} errors`);

const uri = URI.file(bigFile);
let rebuilt = 0;
shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, () => {
  rebuilt++;
});

const sites = findSites(bigText, matterNumber);
let text = bigText;
const times: number[] = [];
const rebuiltPerEdit: number[] = [];
const texts: string[] = [];
for (let i = 0; i < warmup + edits; i++) {
  text = applyEdit(text, sites, i);
  texts.push(text);
  rebuilt = 0;
  const t0 = performance.now();
  const document = await workspace.update(bigFile, text);
  const errors = errorsIn(workspace.diagnostics(document));
  const t1 = performance.now();
  if (document.uri.toString() !== uri.toString()) throw new Error('update returned another document');
  if (document.state !== DocumentState.Validated || document.textDocument.getText() !== text)
    throw new Error('the edit was not re-checked');
  if (errors > 0)
    throw new Error(`edit ${i} left ${errors} errors: ${document.diagnostics!.map(d => d.message).join('; ')}`);
  if (i >= warmup) {
    times.push(t1 - t0);
    rebuiltPerEdit.push(rebuilt);
  }
}

// The floor: the parser alone on the same texts, warm.
const parser = services.parser.LangiumParser;
for (const t of texts.slice(0, warmup)) parser.parse(t);
const parseTimes: number[] = [];
for (const t of texts.slice(warmup)) {
  const t0 = performance.now();
  const result = parser.parse(t);
  parseTimes.push(performance.now() - t0);
  if (result.parserErrors.length > 0 || result.lexerErrors.length > 0)
    throw new Error('parse errors in the edited text');
}

reportResult({
  loadMs,
  documents: workspace.documents.length,
  lines: bigText.split('\n').length - 1,
  times,
  parseTimes,
  rebuiltPerEdit: Math.max(...rebuiltPerEdit),
  heapMiB: process.memoryUsage().heapUsed / 2 ** 20
});
