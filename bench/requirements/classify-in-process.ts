// The classify task of the requirements benchmark in its own process: the shipped default classifier over every
// requirement through onnxruntime (featurize, then the ONNX file in batches), as `airlock req classify` runs it.
// Prints one JSON document: the timings and the verdicts as [{id, class, confidence}].
// Usage: node --import tsx bench/requirements/classify-in-process.ts <requirements.csv>
import { classifyTexts } from '../../src/main/requirements/classify/classify-texts';
import { DEFAULT_CLASSIFIER_ONNX } from '../../src/main/requirements/classify/default-classifier';
import { shippedResource } from '../../src/main/requirements/classify/shipped-resources';
import { readRequirements } from './read-requirements';

async function main(): Promise<void> {
  const requirements = readRequirements(process.argv[2]);
  const t = performance.now();
  const verdicts = await classifyTexts(shippedResource(DEFAULT_CLASSIFIER_ONNX), requirements.map((r) => r.text));
  const taskSeconds = (performance.now() - t) / 1000;
  const rows = requirements.map((r, i) => ({ id: r.id, class: verdicts[i].class, confidence: verdicts[i].confidence }));
  process.stdout.write(JSON.stringify({ task: 'classify', count: requirements.length, classifier: DEFAULT_CLASSIFIER_ONNX, taskSeconds, rows }));
}

await main();
