// A model version's Evaluate tab: one form per model job (score, benchmark, compare, explain, fairness), the job's
// progress with Cancel, and the stored report opened in place once an evaluation job succeeds.
import { Alert, Card, SegmentedControl, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ModelVersionInfo } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { BenchForm } from './bench-form';
import { CompareForm } from './compare-form';
import { EvaluationJobPanel } from './evaluation-job-panel';
import { EvaluationView } from './evaluation-view';
import { ExplainForm } from './explain-form';
import { FairnessForm } from './fairness-form';
import { ScoreForm } from './score-form';

type FormKind = 'score' | 'bench' | 'compare' | 'explain' | 'fairness';

const FORMS: { value: FormKind; label: string }[] = [
  { value: 'score', label: 'Score a dataset' },
  { value: 'bench', label: 'Benchmark' },
  { value: 'compare', label: 'Compare' },
  { value: 'explain', label: 'Explain' },
  { value: 'fairness', label: 'Fairness' },
];

export function EvaluateTab({ version }: { version: ModelVersionInfo }) {
  const [form, setForm] = useState<FormKind>('score');
  const outcome = useEvaluations((s) => s.outcome);
  const busy = useEvaluations((s) => s.task !== null);
  const dismissOutcome = useEvaluations((s) => s.dismissOutcome);
  useEffect(() => {
    // how an earlier job ended belongs to the version it ran on, not to this one (a running job keeps its panel)
    if (!busy) dismissOutcome();
  }, [version.id, dismissOutcome]);

  if (!version.hasOnnx) {
    return (
      <Alert color="gray" variant="light" data-testid="evaluate-no-onnx">
        {version.id} has no ONNX file, so onnxruntime cannot run it: its run exported none. Retrain with an exportable model to score, benchmark or explain it.
      </Alert>
    );
  }
  return (
    <Stack gap="sm" data-testid="evaluate-tab">
      <Card withBorder padding="sm">
        <Stack gap="sm">
          <SegmentedControl size="xs" fullWidth value={form} onChange={(f) => setForm(FORMS.find((o) => o.value === f)?.value ?? 'score')} data={FORMS} data-testid="evaluate-form-kind" />
          {form === 'score' && <ScoreForm version={version} />}
          {form === 'bench' && <BenchForm version={version} />}
          {form === 'compare' && <CompareForm version={version} />}
          {form === 'explain' && <ExplainForm version={version} />}
          {form === 'fairness' && <FairnessForm version={version} />}
        </Stack>
      </Card>
      <EvaluationJobPanel />
      {outcome?.kind === 'succeeded' && outcome.result.kind === 'evaluated' && <EvaluationView id={outcome.result.report.id} />}
    </Stack>
  );
}
