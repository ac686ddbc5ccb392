// Profile: one line per column with its type, completeness, spread and distribution chart.
import { Badge, Loader, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { ColumnProfile, ColumnType } from '../../../../shared/domain';
import { formatCount, formatStat } from '../../components/format';
import { useDatasets } from '../../stores';
import { versionKey } from '../../stores/datasets-store';
import { ColumnHistogram } from './column-histogram';

const typeColors: Record<ColumnType, string> = {
  integer: 'indigo',
  numeric: 'blue',
  boolean: 'grape',
  categorical: 'teal',
  text: 'gray',
  datetime: 'orange',
};

function ProfileRow({ column, rows }: { column: ColumnProfile; rows: number }) {
  const nullShare = rows > 0 ? column.nulls / rows : 0;
  return (
    <Table.Tr data-testid="profile-row" data-column={column.name}>
      <Table.Td>
        <Text size="sm" fw={600} truncate title={column.name}>
          {column.name}
        </Text>
        <Badge size="xs" variant="light" color={typeColors[column.type]} data-testid="profile-type">
          {column.type}
        </Badge>
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatCount(column.nulls)}
        <Text span size="xs" c={nullShare > 0.05 ? 'orange.8' : 'dimmed'} display="block">
          {(nullShare * 100).toFixed(1)}%
        </Text>
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {formatCount(column.distinct)}
      </Table.Td>
      {(['min', 'max', 'mean', 'std'] as const).map((stat) => {
        // a datetime reads as its date, with the time of day (if any) on a second, dimmer line
        const text = formatStat(column[stat], column.type, stat);
        const [main, sub] = column.type === 'datetime' && (stat === 'min' || stat === 'max') ? text.split(' ') : [text];
        return (
          <Table.Td key={stat} ta="right" ff="monospace" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {main}
            {sub && (
              <Text span size="xs" c="dimmed" display="block">
                {sub}
              </Text>
            )}
          </Table.Td>
        );
      })}
      <Table.Td p={2}>
        <ColumnHistogram column={column} width={210} height={58} />
      </Table.Td>
    </Table.Tr>
  );
}

export function ProfileTab({ dataset, version }: { dataset: string; version: number }) {
  const profile = useDatasets((s) => (s.profile?.key === versionKey(dataset, version) ? s.profile.data : null));
  const loadProfile = useDatasets((s) => s.loadProfile);

  useEffect(() => {
    void loadProfile(dataset, version);
  }, [dataset, version, loadProfile]);

  if (!profile) return <Loader size="sm" />;
  return (
    <Table layout="fixed" withTableBorder withColumnBorders verticalSpacing={2} horizontalSpacing={8} fz="xs" bg="white" data-testid="profile-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column</Table.Th>
          <Table.Th ta="right" w={64}>
            Nulls
          </Table.Th>
          <Table.Th ta="right" w={66}>
            Distinct
          </Table.Th>
          <Table.Th ta="right" w={118}>
            Min
          </Table.Th>
          <Table.Th ta="right" w={118}>
            Max
          </Table.Th>
          <Table.Th ta="right" w={92}>
            Mean
          </Table.Th>
          <Table.Th ta="right" w={72}>
            Std
          </Table.Th>
          <Table.Th w={216}>Distribution</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {profile.columns.map((c) => (
          <ProfileRow key={c.name} column={c} rows={profile.rows} />
        ))}
      </Table.Tbody>
    </Table>
  );
}
