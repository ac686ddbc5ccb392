// The sample tables Airlock ships as generated files: deterministic for a seed, made by our own code, no third-party data.
import { labMeasurements } from './lab-measurements';
import { supportTickets } from './support-tickets';

export { LAB_V2_CHANGES } from './lab-measurements';

/** The seed the app and the sample project use; the tests pin the bytes it gives. */
export const DEFAULT_SAMPLE_SEED = 20240108;

export interface SampleVersion {
  fileName: string;
  csv: string;
}

export interface SampleTable {
  /** the dataset name to import under */
  name: string;
  /** in the order to import them: version 1 first */
  versions: SampleVersion[];
}

export function sampleTables(seed: number = DEFAULT_SAMPLE_SEED): SampleTable[] {
  const lab = labMeasurements(seed);
  return [
    {
      name: 'lab-measurements',
      versions: [
        { fileName: 'lab-measurements-v1.csv', csv: lab.v1 },
        { fileName: 'lab-measurements-v2.csv', csv: lab.v2 },
      ],
    },
    { name: 'support-tickets', versions: [{ fileName: 'support-tickets.csv', csv: supportTickets(seed ^ 0x7e1c) }] },
  ];
}
