/**
 * The shape every research study has, so one CLI (`arbiter lab <study>`), one HTML report writer
 * and one dashboard page can serve them all: declared parameters (with defaults and bounds), a
 * run that takes parameter values (and optionally recorded data) and returns numbers, tables and
 * chart series. Studies are pure: no I/O, no clock, seeded randomness only.
 */

export type StudyParamValue = number | string | boolean;

export interface StudyParam {
  readonly key: string;
  readonly label: string;
  readonly kind: 'number' | 'integer' | 'select' | 'boolean';
  readonly default: StudyParamValue;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** For `select`. */
  readonly options?: readonly string[];
  readonly help?: string;
}

export interface StudySeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly kind?: 'line' | 'scatter' | 'bar';
}

export interface StudyChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** x values are epoch ms when true (time axis). */
  readonly timeAxis?: boolean;
  readonly series: readonly StudySeries[];
}

export interface StudyTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

export interface StudyResult {
  /** Headline numbers, in display order. */
  readonly summary: Readonly<Record<string, number | string | null>>;
  readonly tables: readonly StudyTable[];
  readonly charts: readonly StudyChart[];
}

/** Recorded data a study may use instead of its synthetic generator: series by name. */
export interface StudyData {
  readonly series: Readonly<Record<string, { readonly t: readonly number[]; readonly v: readonly number[] }>>;
}

export interface Study {
  /** CLI and URL name, kebab-case (`pairs`, `hawkes`, …). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly params: readonly StudyParam[];
  /** @throws ArbiterError ARB_INPUT_INVALID naming a bad parameter. */
  run(params: Readonly<Record<string, StudyParamValue>>, data?: StudyData): StudyResult | Promise<StudyResult>;
}
