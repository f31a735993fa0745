import { appendFileSync } from 'node:fs';

/**
 * How the long proofs learn their size and report their counts. `npm run test:proofs` sets nothing: each proof runs at
 * its small default. `npm run proof` (tools/proof/run.ts) sets the sizes the issue asks for and a file the proofs
 * append their figures to, one JSON line each, which it turns into docs/proof-results.md.
 */

/** A proof's size from `BANSHI_PROOF_<NAME>`, else its small default. */
export function proofSize(name: string, fallback: number): number {
  const raw = process.env[`BANSHI_PROOF_${name}`];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`BANSHI_PROOF_${name}=${raw} is not a whole number`);
  return value;
}

/** Appends one proof's counts to the figures file when `npm run proof` runs it; does nothing otherwise. */
export function recordFigures(proof: string, figures: Record<string, unknown>): void {
  const file = process.env.BANSHI_PROOF_FIGURES;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ proof, at: new Date().toISOString(), ...figures }) + '\n');
}
