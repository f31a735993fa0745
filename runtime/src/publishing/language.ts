/**
 * The Matter language (Langium, the grammar, the checks and the compiler), loaded at its first use: a first start
 * compiling the catalogue, a studio check, a publication. A process that serves the hall and the office all day
 * never holds it (some 15 MB resident in the built runtime, which splits it into a chunk of its own).
 */
export const language = () => import('@banshi/dsl');
