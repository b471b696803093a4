/** Every research study, in menu order. Add a study here (one import, one entry) to have it served. */
import type { Study } from './study.js';

export const STUDIES: Study[] = [];

export function findStudy(name: string): Study | undefined {
  return STUDIES.find((s) => s.name === name);
}
