// A titled card holding one plotly figure that fills the card's width (measured, since plotly draws at fixed sizes).
import { Card, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Plot } from '../../components/plot';
import type { Figure } from './experiment-charts';

export interface ChartCardProps {
  title: ReactNode;
  figure: Figure | null;
  height: number;
  testId: string;
  /** controls at the right of the title (selects, switches) */
  actions?: ReactNode;
  /** shown instead of the chart when there is nothing to draw */
  empty?: ReactNode;
}

/** A chart card's title row: the title in small capitals, its controls at the right. */
export function ChartTitle({ title, actions, mb }: { title: ReactNode; actions?: ReactNode; mb: number }) {
  return (
    <Group justify="space-between" gap="xs" mb={mb} wrap="nowrap" mih={26}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.3} truncate>
        {title}
      </Text>
      {actions}
    </Group>
  );
}

export function ChartCard({ title, figure, height, testId, actions, empty }: ChartCardProps) {
  const { ref, width } = useElementSize();
  return (
    <Card withBorder padding="xs" data-testid={`${testId}-card`}>
      <ChartTitle title={title} actions={actions} mb={4} />
      <div ref={ref} style={{ width: '100%', minHeight: height }}>
        {figure && width > 0 ? (
          <Plot data={figure.data} layout={figure.layout} width={Math.floor(width)} height={height} testId={testId} />
        ) : (
          !figure && (
            <Text size="sm" c="dimmed" pt="md" ta="center" data-testid={`${testId}-empty`}>
              {empty ?? 'Nothing to draw yet.'}
            </Text>
          )
        )}
      </div>
    </Card>
  );
}
