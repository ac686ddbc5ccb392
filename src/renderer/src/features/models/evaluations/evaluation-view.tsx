// One stored evaluation: a header (kind, model and dataset versions, SHA-256 to copy, who made it and when) and the
// report's body, drawn by its kind.
import { ActionIcon, Anchor, Badge, Card, Code, CopyButton, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { Check, Copy } from 'lucide-react';
import { useEffect } from 'react';
import type { EvaluationReport } from '../../../../../shared/evaluations';
import { PageHeader } from '../../../app/page-header';
import { LinkToRequirement } from '../../trace/link-to-requirement';
import { ErrorBanner } from '../../../components/error-banner';
import { formatTime } from '../../../components/format';
import { useEvaluations } from '../../../stores';
import { goToModels, versionRoute } from '../models-routes';
import { DatasetVersionLink } from './dataset-version-link';
import { EvaluationBodyView } from './evaluation-body';

function ModelLink({ id, testId }: { id: string; testId: string }) {
  const route = versionRoute(id, 'evaluations');
  return route ? (
    <Anchor size="sm" onClick={() => goToModels(route)} data-testid={testId}>
      {id}
    </Anchor>
  ) : (
    <Text span size="sm">
      {id}
    </Text>
  );
}

function EvaluationHeader({ report }: { report: EvaluationReport }) {
  return (
    <Card withBorder padding="sm" data-testid="evaluation-header">
      <Stack gap={6}>
        <Group gap="xs">
          <Badge variant="light" data-testid="evaluation-kind">
            {report.kind}
          </Badge>
          <Text size="sm">model</Text>
          <ModelLink id={report.modelVersion} testId="evaluation-model" />
          {report.otherModelVersion && (
            <>
              <Text size="sm">vs</Text>
              <ModelLink id={report.otherModelVersion} testId="evaluation-other-model" />
            </>
          )}
          <Text size="sm">· dataset</Text>
          {report.datasetVersion ? <DatasetVersionLink id={report.datasetVersion} tab="profile" testId="evaluation-dataset" /> : <Text size="sm">synthetic inputs</Text>}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            SHA-256
          </Text>
          <Code fz="xs" data-testid="evaluation-sha256">
            {report.sha256}
          </Code>
          <CopyButton value={report.sha256}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'copied' : 'copy the SHA-256 an approval cites'}>
                <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="copy SHA-256" data-testid="evaluation-copy-sha256">
                  {copied ? <Check size={14} /> : <Copy size={14} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {report.id} · created {formatTime(report.createdAt)} by {report.createdBy}
        </Text>
      </Stack>
    </Card>
  );
}

export function EvaluationView({ id }: { id: string }) {
  const report = useEvaluations((s) => s.opened[id]);
  const loadEvaluation = useEvaluations((s) => s.loadEvaluation);
  const error = useEvaluations((s) => s.error);
  const dismissError = useEvaluations((s) => s.dismissError);
  useEffect(() => {
    void loadEvaluation(id);
  }, [id, loadEvaluation]);

  if (!report) {
    return error ? (
      <ErrorBanner error={error} onClose={dismissError} />
    ) : (
      <Group gap="xs" data-testid="evaluation-loading">
        <Loader size="sm" />
        <Text size="sm">Reading the evaluation…</Text>
      </Group>
    );
  }
  return (
    <Stack gap="sm" data-testid="evaluation-view">
      <PageHeader title={report.title} actions={<LinkToRequirement target={{ kind: 'evaluation', id }} label={report.title} />} />
      <EvaluationHeader report={report} />
      <EvaluationBodyView report={report} />
    </Stack>
  );
}
