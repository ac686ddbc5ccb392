// The 'lab-measurements' sample: QC measurements from six sites with a target label the features explain,
// in two versions whose differences (rows, columns, a retyped column, drift) are exactly those documented below.
import { isoSeconds, toCsv, type CsvCell } from './csv-text';
import { Random } from './random';

/** What v2 changes against v1; the tests hold the generator to it, and the sample project shows it as a diff. */
export const LAB_V2_CHANGES = {
  rowsV1: 5000,
  /** samples 5001..5400, collected after the last v1 sample */
  rowsAdded: 400,
  /** 150 v1 samples withdrawn after a QC audit, chosen at random */
  rowsRemoved: 150,
  columnsAdded: ['humidity_pct'],
  /** v1 writes batch as a number (1040), v2 as a text code (B-1040): integer in v1, categorical in v2 */
  columnsRetyped: ['batch'],
  /** the added samples come from a warm incubator: temperature_c runs 4.5 °C higher in them */
  driftedColumn: 'temperature_c',
  driftShift: 4.5,
} as const;

const V1_HEADER = ['sample_id', 'site', 'collected_at', 'temperature_c', 'ph', 'viscosity', 'passed_qc', 'operator_note', 'batch', 'label'] as const;
const V2_HEADER = [...V1_HEADER.slice(0, 8), 'humidity_pct', ...V1_HEADER.slice(8)] as const;

const SITES = ['Basel', 'Leiden', 'Lyon', 'Uppsala', 'Graz', 'Porto'] as const;
const SITE_WEIGHTS = [0.26, 0.2, 0.18, 0.14, 0.12, 0.1];
/** a little per-site bias, so site carries signal as real sites do */
const SITE_TEMP_BIAS = [0, 0.4, -0.3, -0.8, 0.2, 0.9];
const NOTES = [
  'rerun after pipette recalibration',
  'sample cloudy, re-centrifuged',
  'label smudged; ID checked by hand',
  'cap marked "B" instead of "A"',
  'late delivery from courier',
  'lid loose on arrival',
  'viscosity read twice, averaged',
  'duplicate draw discarded',
  'fridge alarm overnight',
  'operator in training, supervised',
] as const;

const START_MS = Date.UTC(2024, 0, 8, 7, 0, 0);
const TARGET_TEMP = 21;
const TARGET_PH = 7.1;

interface LabSample {
  sampleId: number;
  site: number;
  collectedMs: number;
  temperature: number | null;
  ph: number;
  viscosity: number;
  passedQc: boolean;
  note: string;
  batch: number;
  label: 'ok' | 'drift' | 'fail';
}

/**
 * Draws samples with ids from..from+count-1, starting after `afterMs`. The label follows a risk score of the
 * features plus noise, so a model trained on it learns something real (and not everything).
 */
function drawSamples(rng: Random, from: number, count: number, afterMs: number, tempShift: number): LabSample[] {
  const out: LabSample[] = [];
  let t = afterMs;
  for (let i = 0; i < count; i++) {
    t += rng.int(2, 45) * 60_000;
    const site = SITES.indexOf(rng.weighted(SITES, SITE_WEIGHTS));
    const tempTrue = rng.normal(TARGET_TEMP + SITE_TEMP_BIAS[site] + tempShift, 1.5);
    const ph = rng.normal(TARGET_PH, 0.18);
    const viscosity = rng.logNormal(Math.log(12), 0.55);
    const passedQc = !rng.chance(0.05 + Math.min(0.5, Math.abs(ph - TARGET_PH) * 0.6));
    const risk =
      (Math.abs(tempTrue - TARGET_TEMP) / 1.5) * 0.7 +
      (Math.abs(ph - TARGET_PH) / 0.18) * 0.6 +
      Math.max(0, Math.log(viscosity / 12) / 0.55) * 0.5 +
      (passedQc ? 0 : 1.4) +
      rng.normal(0, 0.45);
    out.push({
      sampleId: from + i,
      site,
      collectedMs: t,
      temperature: rng.chance(0.03) ? null : tempTrue,
      ph,
      viscosity,
      passedQc,
      note: rng.chance(0.45) ? rng.pick(NOTES) : '',
      batch: 1040 + Math.floor((t - START_MS) / (4 * 86_400_000)),
      label: risk > 2.9 ? 'fail' : risk > 2 ? 'drift' : 'ok',
    });
  }
  return out;
}

function cells(s: LabSample, batch: CsvCell): CsvCell[] {
  return [
    s.sampleId,
    SITES[s.site],
    isoSeconds(s.collectedMs),
    s.temperature === null ? null : s.temperature.toFixed(1),
    s.ph.toFixed(2),
    s.viscosity.toFixed(1),
    s.passedQc,
    s.note,
    batch,
    s.label,
  ];
}

/** Both versions as CSV text. Separate streams per concern, so changing v2 never changes a byte of v1. */
export function labMeasurements(seed: number): { v1: string; v2: string } {
  const v1Rows = drawSamples(new Random(seed), 1, LAB_V2_CHANGES.rowsV1, START_MS, 0);

  const pickRng = new Random(seed ^ 0x5eed0002);
  const removed = new Set<number>();
  while (removed.size < LAB_V2_CHANGES.rowsRemoved) removed.add(pickRng.int(1, LAB_V2_CHANGES.rowsV1));

  const last = v1Rows[v1Rows.length - 1];
  const added = drawSamples(new Random(seed ^ 0x5eed0003), last.sampleId + 1, LAB_V2_CHANGES.rowsAdded, last.collectedMs, LAB_V2_CHANGES.driftShift);
  const humidityRng = new Random(seed ^ 0x5eed0004);
  const v2Rows = [...v1Rows.filter((s) => !removed.has(s.sampleId)), ...added];

  const v1 = toCsv(V1_HEADER, v1Rows.map((s) => cells(s, s.batch)));
  const v2 = toCsv(
    V2_HEADER,
    v2Rows.map((s) => {
      const c = cells(s, `B-${s.batch}`);
      c.splice(8, 0, Math.min(90, Math.max(10, humidityRng.normal(45, 8))).toFixed(1));
      return c;
    }),
  );
  return { v1, v2 };
}
