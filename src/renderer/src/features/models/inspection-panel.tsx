// What an ONNX file holds, as inspected at registration: inputs and outputs with types and shapes, IR version, opsets,
// operators, parameters, size, SHA-256, producer and metadata. An output onnxruntime cannot return is marked as such.
import { Badge, Card, Code, Grid, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { OnnxDim, OnnxInspection, OnnxValueInfo, OnnxValueType } from '../../../../shared/onnx-model';
import { formatBytes, formatCount } from '../../components/format';

function SectionTitle({ children }: { children: string }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
      {children}
    </Text>
  );
}

/** a dimension as ONNX tools print it: a size, a symbolic name, or `?` for an unnamed dynamic one */
const dim = (d: OnnxDim) => (d === null ? '?' : String(d));

function describeType(type: OnnxValueType): string {
  switch (type.kind) {
    case 'tensor':
    case 'sparse_tensor':
      return `${type.kind === 'sparse_tensor' ? 'sparse ' : ''}${type.elementType}${type.shape === null ? ' (any rank)' : ` [${type.shape.map(dim).join(', ')}]`}`;
    case 'sequence':
      return `sequence<${describeType(type.element)}>`;
    case 'map':
      return `map<${type.keyType}, ${describeType(type.value)}>`;
    case 'optional':
      return `optional<${describeType(type.element)}>`;
    case 'unknown':
      return 'unknown';
  }
}

function ValuesTable({ values, kind }: { values: OnnxValueInfo[]; kind: 'input' | 'output' }) {
  return (
    // fixed columns, so the inputs' and the outputs' tables line up one above the other
    <Table fz="xs" verticalSpacing={3} layout="fixed" mb="xs" data-testid={`inspection-${kind}s`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">Name</Table.Th>
          <Table.Th w="33%">Type and shape</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {values.map((v) => (
          <Table.Tr key={v.name} data-testid={`inspection-${kind}`} data-name={v.name}>
            <Table.Td ff="monospace" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {v.name}
            </Table.Td>
            <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {describeType(v.type)}
            </Table.Td>
            <Table.Td>
              {!v.scorable && (
                <Text size="xs" c="orange.8" data-testid="inspection-not-scorable" title={v.why}>
                  {kind === 'output' ? 'not scorable: tensor outputs are scored' : 'not scorable'}
                  {v.why && ` (${v.why})`}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Facts({ inspection }: { inspection: OnnxInspection }) {
  const rows: [string, string][] = [
    ['IR version', String(inspection.irVersion)],
    ['Producer', [inspection.producer.name, inspection.producer.version].filter(Boolean).join(' ') || '—'],
    ['Size', formatBytes(inspection.bytes)],
    ['Parameters', formatCount(inspection.parameterCount)],
    ['Nodes', formatCount(inspection.nodeCount)],
    ['Initializers', formatCount(inspection.initializerCount)],
    ['Graph', inspection.graphName || '—'],
  ];
  if (inspection.modelDomain) rows.push(['Model domain', `${inspection.modelDomain} v${inspection.modelVersion}`]);
  return (
    <Table fz="xs" verticalSpacing={2} data-testid="inspection-facts">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k} data-key={k}>
            <Table.Td c="dimmed" w={110}>
              {k}
            </Table.Td>
            <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {v}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td c="dimmed">SHA-256</Table.Td>
          <Table.Td>
            <Code fz={11} style={{ wordBreak: 'break-all' }} data-testid="inspection-sha256">
              {inspection.sha256}
            </Code>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

export function InspectionPanel({ inspection }: { inspection: OnnxInspection }) {
  const operators = Object.entries(inspection.operators).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return (
    <Stack gap="sm" data-testid="inspection">
      <Card withBorder padding="xs">
        <SectionTitle>{`Inputs (${inspection.inputs.length})`}</SectionTitle>
        <ValuesTable values={inspection.inputs} kind="input" />
        <SectionTitle>{`Outputs (${inspection.outputs.length})`}</SectionTitle>
        <ValuesTable values={inspection.outputs} kind="output" />
      </Card>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="xs" h="100%">
            <SectionTitle>File</SectionTitle>
            <Facts inspection={inspection} />
            {inspection.externalData.length > 0 && (
              <>
                <SectionTitle>{`External data (${inspection.externalData.length})`}</SectionTitle>
                <Table fz="xs" verticalSpacing={2} data-testid="inspection-external">
                  <Table.Tbody>
                    {inspection.externalData.map((f) => (
                      <Table.Tr key={f.location}>
                        <Table.Td ff="monospace">{f.location}</Table.Td>
                        <Table.Td ta="right">{formatBytes(f.bytes)}</Table.Td>
                        <Table.Td ff="monospace" c="dimmed" title={f.sha256}>
                          {f.sha256.slice(0, 12)}…
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="xs" h="100%">
            <SectionTitle>Opsets</SectionTitle>
            <Group gap={4} mb="xs" data-testid="inspection-opsets">
              {inspection.opsets.map((o) => (
                <Badge key={o.domain} size="sm" variant="light" tt="none">
                  {o.domain} {o.version}
                </Badge>
              ))}
            </Group>
            <SectionTitle>{`Operators (${operators.length})`}</SectionTitle>
            <ScrollArea.Autosize mah={220}>
              <Table fz="xs" verticalSpacing={1} layout="fixed" data-testid="inspection-operators">
                <Table.Tbody>
                  {operators.map(([op, n]) => (
                    <Table.Tr key={op}>
                      <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {op}
                      </Table.Td>
                      <Table.Td ta="right" w={48}>
                        {n}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="xs" h="100%">
            <SectionTitle>{`Metadata (${inspection.metadata.length})`}</SectionTitle>
            {inspection.metadata.length === 0 ? (
              <Text size="xs" c="dimmed">
                The file carries no metadata properties.
              </Text>
            ) : (
              <ScrollArea.Autosize mah={260}>
                <Table fz="xs" verticalSpacing={1} layout="fixed" data-testid="inspection-metadata">
                  <Table.Tbody>
                    {inspection.metadata.map((m, i) => (
                      <Table.Tr key={`${m.key}-${i}`}>
                        <Table.Td w="40%" ff="monospace" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={m.key}>
                          {m.key}
                        </Table.Td>
                        <Table.Td ff="monospace" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={m.value}>
                          {m.value}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
            {inspection.docString && (
              <Text size="xs" c="dimmed" mt="xs" lineClamp={4} title={inspection.docString}>
                {inspection.docString}
              </Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
