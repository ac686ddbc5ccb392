// Test data for the explanation and fairness jobs and commands: a CSV of decisions by two scores and a group, and the
// linear classifier (grant vs deny) that leans on both scores.
import { linearClassifier, type TestModel } from '../test-models';

export const GROUPS = ['north', 'south', 'east'];

/**
 * Columns a, b, group, y: y is 'grant' mostly where a - b/2 is large (not yes/no, which would be read as a boolean
 * column), with noise so the model is neither perfect nor useless; north scores higher on a; every 25th row has no group.
 */
export function decisionsCsv(rows: number): string {
  const lines = ['a,b,group,y'];
  for (let i = 0; i < rows; i++) {
    // the first group scores higher on a, so the groups are granted at different rates
    const a = ((i * 37) % 41) / 10 - 2 + (i % 3 === 0 ? 0.6 : 0);
    const b = ((i * 13) % 29) / 7 - 2;
    const grant = a - 0.5 * b + (((i * 7) % 11) - 5) / 4 > 0;
    lines.push(`${a},${b},${i % 25 === 0 ? '' : GROUPS[i % 3]},${grant ? 'grant' : 'deny'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** x FLOAT [N, 2] (a, b) -> probabilities of deny and grant (or the two classes named), and the label: grant as a - b/2 grows. */
export const decisionModel = (classes: [string, string] = ['deny', 'grant']): TestModel => linearClassifier({ weights: [-1.5, 1.5, 0.75, -0.75], bias: [0.1, 0], classes });
