// A run's evaluation, drawn from its artifacts: confusion matrix, ROC and PR curves, calibration, feature importance, ONNX parity.
import { Badge, Card, Group, SimpleGrid, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { RunDetail } from '../../../../shared/experiments';
import { useExperiments } from '../../stores';
import { artifactKey, type ArtifactEntry } from '../../stores/experiments-store';
import { ChartCard } from './chart-card';
import { barsFigure, calibrationFigure, classCurvesFigure, confusionFigure, type CalibrationBin, type Figure } from './experiment-charts';

const PATHS = {
  confusion: 'evaluation/confusion_matrix.json',
  roc: 'evaluation/roc_curve.json',
  pr: 'evaluation/pr_curve.json',
  calibration: 'evaluation/calibration.json',
  importance: 'evaluation/feature_importance.json',
  parity: 'model/onnx_parity.json',
} as const;

type Part = keyof typeof PATHS;

interface Parity {
  ok: boolean;
  maxAbsDiff: number;
  rows: number;
  labelMismatches?: number;
}

const isArray = (x: unknown): x is Record<string, unknown>[] => Array.isArray(x);
const numbers = (x: unknown): number[] => (Array.isArray(x) ? x.filter((v): v is number => typeof v === 'number') : []);

/** each artifact's figure, or null when the run has no such artifact or its shape is not the one we draw */
function figureFor(part: Part, json: unknown): Figure | null {
  switch (part) {
    case 'confusion': {
      const c = json as { labels?: unknown[]; matrix?: number[][] };
      if (!Array.isArray(c?.labels) || !Array.isArray(c.matrix)) return null;
      return confusionFigure({ classes: c.labels.map(String), counts: c.matrix });
    }
    case 'roc':
    case 'pr': {
      if (!isArray(json)) return null;
      const [xKey, yKey] = part === 'roc' ? ['fpr', 'tpr'] : ['recall', 'precision'];
      const curves = json.map((c) => ({ className: String(c.className ?? 'positive'), x: numbers(c[xKey]), y: numbers(c[yKey]) }));
      return part === 'roc' ? classCurvesFigure(curves, 'false positive rate', 'true positive rate', true) : classCurvesFigure(curves, 'recall', 'precision', false);
    }
    case 'calibration':
      return isArray(json) ? calibrationFigure(json as unknown as CalibrationBin[]) : null;
    case 'importance': {
      if (!isArray(json)) return null;
      const top = json
        .map((f) => ({ label: String(f.feature), value: Number(f.importance) }))
        .filter((f) => Number.isFinite(f.value))
        .sort((a, b) => b.value - a.value)
        .slice(0, 25);
      return barsFigure(top, 'importance', '#12b886');
    }
    case 'parity':
      return null;
  }
}

function useArtifacts(run: RunDetail) {
  const loadArtifact = useExperiments((s) => s.loadArtifact);
  const artifacts = useExperiments((s) => s.artifacts);
  const present = useMemo(() => new Set(run.artifacts.map((a) => a.path)), [run.artifacts]);
  useEffect(() => {
    for (const path of Object.values(PATHS)) if (present.has(path)) void loadArtifact(run.id, path);
  }, [run.id, present, loadArtifact]);
  return (part: Part): { present: boolean; entry: ArtifactEntry | undefined } => ({ present: present.has(PATHS[part]), entry: artifacts[artifactKey(run.id, PATHS[part])] });
}

function EvaluationChart({ part, title, height, get }: { part: Part; title: string; height: number; get: ReturnType<typeof useArtifacts> }) {
  const { present, entry } = get(part);
  const figure = useMemo(() => (entry?.ok ? figureFor(part, entry.json) : null), [entry, part]);
  const empty = !present ? 'Not recorded for this run.' : !entry ? 'Loading…' : entry.ok ? 'This artifact has a shape we cannot draw.' : entry.error.message;
  return <ChartCard title={title} figure={figure} height={height} testId={`run-${part}`} empty={empty} />;
}

function ParityCard({ get }: { get: ReturnType<typeof useArtifacts> }) {
  const { present, entry } = get('parity');
  if (!present) return null;
  const parity = entry?.ok ? (entry.json as Parity) : null;
  return (
    <Card withBorder padding="xs" data-testid="run-parity">
      <Group gap="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          ONNX parity
        </Text>
        {parity && (
          <>
            <Badge color={parity.ok ? 'teal' : 'red'} variant="light">
              {parity.ok ? 'passed' : 'failed'}
            </Badge>
            <Text size="xs" ff="monospace">
              max |Δ probability| {parity.maxAbsDiff.toExponential(2)} over {parity.rows} validation rows
              {parity.labelMismatches !== undefined && ` · ${parity.labelMismatches} label mismatches`}
            </Text>
          </>
        )}
      </Group>
    </Card>
  );
}

export function RunEvaluation({ run }: { run: RunDetail }) {
  const get = useArtifacts(run);
  return (
    <>
      <ParityCard get={get} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mt="sm">
        <EvaluationChart part="confusion" title="Confusion matrix · validation" height={300} get={get} />
        <EvaluationChart part="roc" title="ROC curve (one-vs-rest)" height={300} get={get} />
        <EvaluationChart part="pr" title="Precision–recall curve" height={300} get={get} />
        <EvaluationChart part="calibration" title="Calibration (reliability)" height={300} get={get} />
      </SimpleGrid>
      <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
        <EvaluationChart part="importance" title="Feature importance (top 25)" height={420} get={get} />
      </div>
    </>
  );
}
