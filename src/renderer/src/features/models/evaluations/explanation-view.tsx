// An explanation: permutation importance as bars with their spread, partial dependence over ICE lines per column,
// or SHAP as global mean |SHAP| bars and each explained row's contributions; what score was explained, on what rows.
import { Card, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ExplanationBody } from '../../../../../shared/evaluations';
import type { ExplainedScore, PartialDependence, PermutationImportance, StoredKernelShap } from '../../../../../shared/explanations';
import { ChartCard } from '../../experiments/chart-card';
import { pdpFigure, permutationFigure, shapGlobalFigure, shapRowFigure } from './evaluation-charts';
import { formatMetric } from './evaluation-format';
import { NumberCell } from './number-cell';
import { RuntimeUsedLine } from './runtime-used';

function describeScore(score: ExplainedScore): string {
  switch (score.kind) {
    case 'probability':
      return `P(${score.className}) from output ${score.output}`;
    case 'label':
      return `1 where output ${score.output} predicts ${score.className}, else 0`;
    case 'value':
      return `the value of output ${score.output}`;
  }
}

/** bars high enough that every column's label reads */
const barsHeight = (columns: number) => Math.max(160, 28 + columns * 22);

function PermutationPanel({ result }: { result: PermutationImportance }) {
  const figure = useMemo(() => permutationFigure(result), [result]);
  return (
    <Stack gap="sm">
      <ChartCard title={`Permutation importance (${result.repeats} repeats)`} figure={figure} height={barsHeight(result.columns.length)} testId="explanation-permutation" />
      <Card withBorder padding="sm">
        <Table fz="sm" w="auto" data-testid="explanation-permutation-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>column</Table.Th>
              <Table.Th ta="right">mean drop in {result.metric}</Table.Th>
              <Table.Th ta="right">std</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.columns
              .slice()
              .sort((a, b) => b.mean - a.mean)
              .map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.name}</Table.Td>
                  <NumberCell>{formatMetric(c.mean)}</NumberCell>
                  <NumberCell>{formatMetric(c.std)}</NumberCell>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

function PdpCard({ pd, scoreTitle }: { pd: PartialDependence; scoreTitle: string }) {
  const figure = useMemo(() => pdpFigure(pd, scoreTitle), [pd, scoreTitle]);
  return <ChartCard title={`${pd.column}: partial dependence and ${pd.ice.length} ICE lines`} figure={figure} height={240} testId="explanation-pdp" />;
}

function ShapPanel({ result }: { result: StoredKernelShap }) {
  const [row, setRow] = useState(result.rows[0]?.row ?? null);
  const global = useMemo(() => shapGlobalFigure(result), [result]);
  const shown = result.rows.find((r) => r.row === row) ?? null;
  const local = useMemo(() => (shown ? shapRowFigure(result, shown) : null), [result, shown]);
  const height = barsHeight(result.columns.length);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <ChartCard title={`Global: mean |SHAP| over ${result.rows.length} rows`} figure={global} height={height} testId="explanation-shap-global" />
      <ChartCard
        title={shown ? `Row ${shown.row}: contributions` : 'Per-row contributions'}
        figure={local}
        height={height}
        testId="explanation-shap-row"
        empty="No rows were explained locally."
        actions={
          <Select
            size="xs"
            w={110}
            data={result.rows.map((r) => ({ value: String(r.row), label: `row ${r.row}` }))}
            value={row === null ? null : String(row)}
            onChange={(v) => v !== null && setRow(Number(v))}
            allowDeselect={false}
            searchable
            data-testid="explanation-shap-pick-row"
          />
        }
      />
    </SimpleGrid>
  );
}

export function ExplanationView({ body }: { body: ExplanationBody }) {
  const scoreTitle = describeScore(body.score);
  return (
    <Stack gap="sm" data-testid="explanation-view">
      <Card withBorder padding="sm">
        <Stack gap={4}>
          <RuntimeUsedLine runtime={body.runtime} />
          <Text size="sm" data-testid="explanation-about">
            Explains {scoreTitle} on {body.rows.toLocaleString('en-US')} of {body.datasetRows.toLocaleString('en-US')} rows (seed {body.seed})
            {body.target && `, label ${body.target}`}.
          </Text>
        </Stack>
      </Card>
      {body.method === 'permutation' && <PermutationPanel result={body.result} />}
      {body.method === 'pdp' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {body.result.map((pd) => (
            <PdpCard key={pd.column} pd={pd} scoreTitle={scoreTitle} />
          ))}
        </SimpleGrid>
      )}
      {body.method === 'shap' && <ShapPanel result={body.result} />}
    </Stack>
  );
}
