// The classifier page: which version classifies this project's requirements (pinned by an approval, or simply the
// newest), its cross-validated figures and the corrections it has not learnt yet; Classify and Retrain as jobs with
// progress and Cancel; a retraining's figures beside the classifier in use on held-out rows, and Promote.
import { Alert, Badge, Button, Card, Group, NumberInput, Stack, Text } from '@mantine/core';
import { GraduationCap, Tags } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { RequirementTrainResult } from '../../../../../shared/requirements-classes';
import { PageHeader } from '../../../app/page-header';
import { ErrorBanner } from '../../../components/error-banner';
import { FileChoice, type ChosenFile } from '../../../components/file-choice';
import { JobTaskPanel } from '../../../components/job-task-panel';
import { KeyValueTable } from '../../../components/key-value-table';
import { useClassifier } from '../../../stores';
import { CvFigures, HeldOutComparison } from './classifier-figures';
import { PromoteClassifier, versionOf } from './promote-classifier';

function InUse() {
  const info = useClassifier((s) => s.info);
  // the retraining's card below offers the same promotion beside its comparison
  const offeredBelow = useClassifier((s) => s.trained !== null && !s.trained.active && s.trained.version === s.info?.latest);
  if (!info) return null;
  const waiting = info.latest !== null && info.latest !== info.active;
  return (
    <Card withBorder padding="sm" data-testid="classifier-info">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ flex: '1 1 0', minWidth: 0 }}>
          <KeyValueTable
            labelWidth={170}
            spacing={4}
            rows={[
              [
                'Classifier in use',
                info.active ? (
                  <Group gap={6}>
                    <Text size="xs" ff="monospace" data-testid="classifier-active">
                      {info.active}
                    </Text>
                    <Badge size="xs" variant="light" color={info.pinned ? 'teal' : 'gray'} data-testid="classifier-pinned">
                      {info.pinned ? 'pinned by approval' : 'newest version'}
                    </Badge>
                  </Group>
                ) : (
                  <Text size="xs" c="dimmed" data-testid="classifier-active">
                    none yet: the shipped default is registered on the first classification
                  </Text>
                ),
              ],
              [
                'Newest version',
                <Text key="latest" size="xs" ff="monospace" data-testid="classifier-latest">
                  {info.latest ?? '—'}
                  {waiting && ' (waits for approval)'}
                </Text>,
              ],
              [
                'Corrections',
                <Text key="corrections" size="xs" data-testid="classifier-corrections">
                  {info.corrections} given, {info.pendingCorrections} not yet learnt
                </Text>,
              ],
            ]}
          />
        </div>
        {info.latest !== null && (waiting || !info.pinned) && !offeredBelow && <PromoteClassifier version={versionOf(info.latest)} testId="classifier-promote-latest" />}
      </Group>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="sm" mb={4}>
        Cross-validated figures
      </Text>
      <CvFigures metrics={info.metrics} testId="classifier-metrics" />
    </Card>
  );
}

function Trained({ result }: { result: RequirementTrainResult }) {
  const card = useRef<HTMLDivElement>(null);
  // a retraining's result lands below the fold, under the forms: a new one comes into view
  useEffect(() => {
    card.current?.scrollIntoView({ block: 'nearest' });
  }, [result.version]);
  return (
    <Card withBorder padding="sm" ref={card} data-testid="classifier-trained">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <div style={{ flex: '1 1 0', minWidth: 0 }}>
          <Text size="sm" fw={600} data-testid="classifier-trained-version">
            {result.version} from run {result.run.slice(0, 8)}
          </Text>
          <Text size="xs" c="dimmed">
            trained on {result.rows.default} default rows, {result.rows.corrections} corrections and {result.rows.file} rows from the file ({result.dataset});{' '}
            {result.active ? 'it classifies from now on.' : 'the pinned classifier stays in use until this one is approved.'}
          </Text>
        </div>
        {!result.active && <PromoteClassifier version={versionOf(result.version)} testId="classifier-promote" />}
      </Group>
      <Stack gap="sm">
        <HeldOutComparison heldOut={result.heldOut} />
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
            Cross-validated figures of the candidate
          </Text>
          <CvFigures metrics={result.cv} testId="classifier-trained-cv" />
        </div>
      </Stack>
    </Card>
  );
}

function Actions() {
  const busy = useClassifier((s) => s.task !== null);
  const classify = useClassifier((s) => s.classify);
  const train = useClassifier((s) => s.train);
  const pickFile = useClassifier((s) => s.pickFile);
  const hostPicksFiles = useClassifier((s) => s.hostPicksFiles);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [folds, setFolds] = useState<number | string>(5);

  const retrain = () => {
    void train({ folds: Number(folds), file });
    setFile(null);
  };

  return (
    <Card withBorder padding="sm">
      <Group align="flex-end" gap="lg" wrap="nowrap">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Classify
          </Text>
          <Text size="xs" c="dimmed">
            Every requirement’s latest revision
          </Text>
          <Button leftSection={<Tags size={16} />} disabled={busy} onClick={() => void classify(null)} data-testid="classifier-classify">
            Classify all
          </Button>
        </Stack>
        <FileChoice
          label="Retrain"
          description="On the default set and this project’s corrections; optionally also a labelled CSV (text,label)"
          file={file}
          onChoose={setFile}
          disabled={busy}
          pickFile={hostPicksFiles ? pickFile : null}
          accept=".csv,text/csv"
          testId="classifier-labels"
        />
        <NumberInput label="Folds" value={folds} onChange={setFolds} min={2} max={20} allowDecimal={false} w={80} data-testid="classifier-folds" />
        <Button leftSection={<GraduationCap size={16} />} disabled={busy} onClick={retrain} data-testid="classifier-train">
          Retrain
        </Button>
      </Group>
    </Card>
  );
}

export function ClassifierPage() {
  const loadInfo = useClassifier((s) => s.loadInfo);
  const task = useClassifier((s) => s.task);
  const outcome = useClassifier((s) => s.outcome);
  const trained = useClassifier((s) => s.trained);
  const error = useClassifier((s) => s.error);
  const cancel = useClassifier((s) => s.cancel);
  const dismissOutcome = useClassifier((s) => s.dismissOutcome);
  const dismissError = useClassifier((s) => s.dismissError);

  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);

  return (
    <Stack gap="sm" data-testid="classifier-page">
      <PageHeader title="Classifier" subtitle="A model trained here, versioned in the registry, run with onnxruntime; people’s corrections train the next version." />
      <ErrorBanner error={error} onClose={dismissError} />
      <InUse />
      <Actions />
      <JobTaskPanel
        task={task}
        outcome={outcome}
        onCancel={() => void cancel()}
        onDismiss={dismissOutcome}
        testId="classifier-job"
        succeeded={(success) =>
          success.kind === 'classified' ? (
            <Alert color="teal" variant="light" withCloseButton onClose={dismissOutcome} data-testid="classifier-classified">
              Classified {success.result.classified} requirements with {success.result.model}.
            </Alert>
          ) : null
        }
      />
      {trained && <Trained result={trained} />}
    </Stack>
  );
}
