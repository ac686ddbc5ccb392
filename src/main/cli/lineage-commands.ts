// `airlock lineage KIND:ID`: what a versioned thing came from and what came from it, walked through the lineage graph.
import type { Command } from 'commander';
import { fail } from '../../shared/errors';
import { LINEAGE_DIRECTIONS, LINEAGE_NODE_KINDS, MAX_LINEAGE_DEPTH, type LineageEdge, type LineageNode } from '../../shared/lineage';
import { choiceArg, intArg } from './args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { print } from './session';
import { table } from './table';

interface LineageOptions extends ProjectOptions {
  direction: string;
  depth: string;
}

/** KIND:ID, e.g. dataset_version:assays@2 or run:3f2a...; the id may itself hold colons. */
function nodeArg(spec: string): LineageNode {
  const i = spec.indexOf(':');
  if (i <= 0 || i === spec.length - 1) fail('BAD_INPUT', `'${spec}' is not KIND:ID (for example dataset_version:assays@2).`, { where: { field: 'node' } });
  return { kind: choiceArg(spec.slice(0, i), LINEAGE_NODE_KINDS, 'kind'), id: spec.slice(i + 1) };
}

const nodeText = (n: LineageNode): string => `${n.kind}:${n.id}`;

export function register(program: Command, { io, withProject }: CliShared): void {
  program
    .command('lineage <node>')
    .description(`upstream and downstream of KIND:ID through the lineage graph (kinds: ${LINEAGE_NODE_KINDS.join(', ')})`)
    .addOption(projectOption())
    .option('--direction <dir>', LINEAGE_DIRECTIONS.join(' | '), 'both')
    .option('--depth <n>', 'edges to walk at most', String(MAX_LINEAGE_DEPTH))
    .addOption(jsonOption())
    .action(async (spec: string, o: LineageOptions) => {
      const graph = await withProject(o.project, (s) =>
        s.call('lineage.graph', {
          node: nodeArg(spec),
          direction: choiceArg(o.direction, LINEAGE_DIRECTIONS, 'direction'),
          depth: intArg(o.depth, 'depth'),
        }));
      print(io, !!o.json, graph, () =>
        [
          table(graph.edges.map((e: LineageEdge) => [nodeText(e.from), e.relation, nodeText(e.to)])),
          graph.truncated ? 'the walk was cut short: narrow it with --depth or --direction' : '',
        ].filter(Boolean).join('\n') || `${spec}: no lineage edges`);
    });
}
