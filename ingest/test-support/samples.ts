import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportInfo } from '../../src/domain/ports.ts';
import type { ParsedReport } from '../../src/domain/types.ts';
import { parseText } from '../pipeline.ts';
import { SAMPLES_DIR } from './gold.ts';

/** The bundled sample reports: 花马池镇 2021, 葛寨镇 2020, 花庄镇 2024, 南郊镇 2021, 古城镇 2023. */
export const SAMPLE_FILES = [
  '000_02e80cf19b94c8cc.txt',
  '001_36591a17fc2832bc.txt',
  '002_b99ae1cfb7712085.txt',
  '003_795117ff85927c6d.txt',
  '004_e51fc33f15234b62.txt',
] as const;
export type SampleFile = (typeof SAMPLE_FILES)[number];

/** A sample report's file as stored (before normalising). */
export function sampleRaw(file: SampleFile): string {
  return readFileSync(join(SAMPLES_DIR, file), 'utf8');
}

const parsed = new Map<string, ParsedReport>();

/** A sample report through the pure pipeline (no database), parsed once per test file. */
export function parsedSample(file: SampleFile): ParsedReport {
  let r = parsed.get(file);
  if (!r) parsed.set(file, (r = parseText(file, 'txt', sampleRaw(file))));
  return r;
}

export const parsedSamples = (): ParsedReport[] => SAMPLE_FILES.map(parsedSample);

/** The samples as the store lists them (ids 1–5 in file order), for a corpus index without a database. */
export const sampleInfos = (): ReportInfo[] => parsedSamples().map((r, i) => infoOf(r, i + 1));

/** A parsed report as the store lists it under `id`. */
export const infoOf = (r: ParsedReport, id: number): ReportInfo => ({
  id,
  file: r.file,
  title: r.title,
  org: r.org,
  aliases: r.aliases,
  region: r.region,
  level: r.level,
  year: r.year,
  template: r.template,
  published: r.published,
});
