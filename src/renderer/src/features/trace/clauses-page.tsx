// Traceability: regulatory clause coverage: a standard and a level, the gap report (covered / uncovered / not
// applicable per clause, counts per top clause), each clause's confirmed evidence and suggestions to confirm or reject,
// and clauses suggested for a requirement.
import { Badge, Card, Grid, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../shared/errors';
import type { ClauseCoverageReport, EvidenceRef } from '../../../../shared/standards';
import { ErrorBanner } from '../../components/error-banner';
import { useTraceReview } from '../../stores';
import { OneLineError } from '../models/one-line-error';
import { ClauseRow } from './review/clause-row';
import { ClauseSuggestions } from './review/clause-suggestions';
import { goToTrace, type TraceRoute } from './trace-routes';

function GapCounts({ report }: { report: ClauseCoverageReport }) {
  const { totals } = report;
  return (
    <Card withBorder padding="sm" data-testid="clause-gaps">
      <Group gap={6} mb={6}>
        <Badge color="teal" variant="light" data-testid="clause-covered">
          {totals.covered} covered
        </Badge>
        <Badge color="red" variant="light" data-testid="clause-uncovered">
          {totals.uncovered} uncovered
        </Badge>
        <Badge color="gray" variant="light">
          {totals.notApplicable} n.a.
        </Badge>
      </Group>
      <Table verticalSpacing={2} fz="xs">
        <Table.Tbody>
          {report.gaps.map((g) => (
            <Table.Tr key={g.clause}>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {g.clause}
              </Table.Td>
              <Table.Td>{g.title}</Table.Td>
              <Table.Td>
                {g.covered}/{g.applicable}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function GapReport({ standard, level }: { standard: string; level: string | null }) {
  const report = useTraceReview((s) => (s.clausesFor?.standard === standard && s.clausesFor.level === level ? s.clauses : null));
  const loadClauses = useTraceReview((s) => s.loadClauses);
  const mapClause = useTraceReview((s) => s.mapClause);
  const busy = useTraceReview((s) => s.busy);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  useEffect(() => {
    void loadClauses({ standard, level });
  }, [standard, level, loadClauses]);
  const map = async (clause: string, evidence: EvidenceRef, state: 'confirmed' | 'rejected') => {
    const outcome = await mapClause(standard, clause, evidence, state);
    setRefusal(outcome.ok ? null : outcome.error);
  };
  // the suggestions card stays mounted while another level's report loads, so its chosen requirement stays
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, md: 8 }}>
        {report ? (
          <Card withBorder padding="sm" data-testid="clause-tree">
            {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="clause-refused" />}
            {report.clauses.map((c) => (
              <ClauseRow key={c.clause} clause={c} busy={busy} onMap={(evidence, state) => void map(c.clause, evidence, state)} />
            ))}
            {report.unknown.length > 0 && (
              <Text size="xs" c="orange" mt="xs">
                {report.unknown.length} mapping(s) name a clause this checklist no longer has: {report.unknown.map((m) => m.clause).join(', ')}
              </Text>
            )}
          </Card>
        ) : (
          <Loader size="sm" />
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="sm">
          {report && <GapCounts report={report} />}
          <ClauseSuggestions standard={standard} onConfirm={(clause, requirement) => void map(clause, { kind: 'requirement', id: requirement }, 'confirmed')} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function ClausesPage({ route }: { route: TraceRoute }) {
  const standards = useTraceReview((s) => s.standards);
  const loadStandards = useTraceReview((s) => s.loadStandards);
  const error = useTraceReview((s) => s.error);
  const dismissError = useTraceReview((s) => s.dismissError);
  const [level, setLevel] = useState<string | null>(null);
  useEffect(() => {
    void loadStandards();
  }, [loadStandards]);
  const chosen = standards?.find((s) => s.id === route.standard) ?? standards?.[0] ?? null;
  return (
    <Stack gap="sm" data-testid="clauses-page">
      <ErrorBanner error={error} onClose={dismissError} />
      {standards === null ? (
        <Loader size="sm" />
      ) : (
        <Group gap="xs" align="flex-end">
          <Select
            size="xs"
            label="Standard"
            data={standards.map((s) => ({ value: s.id, label: s.name }))}
            value={chosen?.id ?? null}
            onChange={(id) => {
              setLevel(null);
              if (id) goToTrace({ tab: 'clauses', standard: id });
            }}
            allowDeselect={false}
            w={220}
            data-testid="clauses-standard"
          />
          {chosen && chosen.levels.length > 0 && (
            <Select
              size="xs"
              label={chosen.levelName ?? 'Level'}
              data={chosen.levels}
              value={level}
              onChange={setLevel}
              placeholder="every clause"
              clearable
              w={160}
              data-testid="clauses-level"
            />
          )}
          {chosen && (
            <Text size="xs" c="dimmed" maw={520}>
              {chosen.scope} · {chosen.edition}
            </Text>
          )}
        </Group>
      )}
      {chosen && <GapReport key={chosen.id} standard={chosen.id} level={level} />}
    </Stack>
  );
}
