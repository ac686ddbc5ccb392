// `airlock model ...`: inspect an .onnx file (no project); import one or register a run's model as the next version of a
// named model; list, show, tag and describe models and versions. Approvals and benchmarks add their own subcommands.
import type { Command } from 'commander';
import { fail } from '../../shared/errors';
import type { ModelDetail, ModelVersionInfo } from '../../shared/models';
import { inspectOnnx, type OnnxDim, type OnnxValueInfo, type OnnxValueType } from '../models/onnx-inspect';
import { registerApprovalCommands } from './approval-commands';
import { registerBenchCommands } from './bench-commands';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { print } from './session';
import { cell, table } from './table';

const dimText = (d: OnnxDim): string => (d === null ? '?' : String(d));

function typeText(t: OnnxValueType): string {
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor':
      return `${t.kind === 'sparse_tensor' ? 'sparse ' : ''}${t.elementType} ${t.shape === null ? '(any rank)' : `[${t.shape.map(dimText).join(', ')}]`}`;
    case 'sequence':
      return `seq(${typeText(t.element)})`;
    case 'map':
      return `map(${t.keyType}, ${typeText(t.value)})`;
    case 'optional':
      return `optional(${typeText(t.element)})`;
    case 'unknown':
      return 'unknown type';
  }
}

const valueRows = (role: string, values: OnnxValueInfo[]): string[][] =>
  values.map((v) => [role, v.name, typeText(v.type), v.scorable ? '' : `not scorable: ${v.why ?? ''}`]);

interface AuthorOptions extends ProjectOptions {
  name: string;
  as?: string;
  description?: string;
}

const kv = (record: Record<string, string>): string => Object.entries(record).map(([k, v]) => `${k}=${v}`).join(', ');

function versionText(v: ModelVersionInfo): string {
  return table([
    ['version', v.id],
    ['hash', v.hash],
    ['source', v.source === 'run' ? `run ${v.runId ?? ''}${v.trainedOn ? ` (trained on ${v.trainedOn})` : ''}` : 'imported ONNX file'],
    ['author', `${v.author}${v.authorFingerprint ? ` (key ${v.authorFingerprint.slice(0, 16)})` : ''}`],
    ['created', v.createdAt],
    ['aliases', v.aliases.join(', ')],
    ['description', cell(v.description)],
    ['tags', kv(v.tags)],
    ...(v.inspection ? [...v.inspection.inputs.map((i) => ['input', `${i.name} ${typeText(i.type)}`]), ...v.inspection.outputs.map((o) => ['output', `${o.name} ${typeText(o.type)}`])] : []),
  ]);
}

function modelText(d: ModelDetail): string {
  const m = d.model;
  return [
    table([['model', m.name], ['description', cell(m.description)], ['tags', kv(m.tags)], ['aliases', kv(Object.fromEntries(Object.entries(m.aliases).map(([a, v]) => [a, String(v)])))]]),
    table(d.versions.map((v) => [v.version, v.createdAt, v.author, v.source, v.aliases.join(','), v.hash.slice(0, 12), cell(v.description)])),
  ].join('\n\n');
}

/** `NAME` or `NAME@VERSION`: a tag or description goes on the model or one version. */
function modelOrVersion(spec: string): { name: string; version?: number } {
  const at = spec.lastIndexOf('@');
  if (at < 0) return { name: spec };
  const version = Number(spec.slice(at + 1));
  if (!Number.isInteger(version) || version < 1) fail('BAD_INPUT', `'${spec}' is not NAME or NAME@VERSION (for example churn or churn@3).`, { where: { field: 'model' } });
  return { name: spec.slice(0, at), version };
}

/** `KEY=VALUE`, split at the first '=' so a value may hold more. */
function tagPair(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) fail('BAD_INPUT', `'${pair}' is not KEY=VALUE.`, { where: { field: 'tag' } });
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

export function register(program: Command, shared: CliShared): void {
  const { io, withProject } = shared;
  const model = program.command('model').description('the model registry: import, register, inspect, approve, benchmark and compare model versions');
  model
    .command('inspect <file>')
    .description('validate an .onnx file (and its external data) and show its inputs, outputs, opsets, operators, size and SHA-256')
    .addOption(jsonOption())
    .action((file: string, o: { json?: boolean }) => {
      const info = inspectOnnx(file);
      print(io, !!o.json, info, () =>
        [
          table([
            ['file', info.file],
            ['sha256', info.sha256],
            ['bytes', info.bytes],
            ['producer', `${info.producer.name} ${info.producer.version}`.trim()],
            ['ir version', info.irVersion],
            ['opsets', info.opsets.map((x) => `${x.domain} ${x.version}`).join(', ')],
            ['parameters', info.parameterCount],
            ['nodes', info.nodeCount],
            ...info.externalData.map((x) => ['external data', `${x.location} (${x.bytes} bytes)`]),
            ...info.metadata.map((m) => ['metadata', `${m.key}=${m.value}`]),
          ]),
          table([...valueRows('input', info.inputs), ...valueRows('output', info.outputs)]),
          table(Object.entries(info.operators).map(([op, n]) => ['operator', op, n])),
        ].join('\n\n'));
    });
  model
    .command('import <file>')
    .description('validate an .onnx file (and the external data beside it) and store it as the next version of a model; pickle, joblib and .pt files are refused')
    .addOption(projectOption())
    .requiredOption('--name <model>', 'the model it becomes a version of')
    .option('--as <user>', 'the author: a local user (their key fingerprint is recorded) or any name; default the session actor')
    .option('--description <text>', "this version's description")
    .addOption(jsonOption())
    .action(async (file: string, o: AuthorOptions) => {
      const r = await withProject(o.project, (s) => s.call('models.import', { source: { kind: 'path', path: file }, name: o.name, as: o.as, description: o.description }));
      print(io, !!o.json, r, () => `${r.reused ? 'already' : 'imported as'} ${r.id} (sha256 ${r.hash}), opset ${r.opset ?? '?'}, ${r.inputs.length} inputs, ${r.outputs.length} outputs`);
    });
  model
    .command('register <run>')
    .description("register a finished run's model as the next version of a model (the same run twice under one name gives the same version)")
    .addOption(projectOption())
    .requiredOption('--name <model>', 'the model it becomes a version of')
    .option('--as <user>', 'the author: a local user (their key fingerprint is recorded) or any name; default the session actor')
    .option('--description <text>', "this version's description")
    .addOption(jsonOption())
    .action(async (run: string, o: AuthorOptions) => {
      const v = await withProject(o.project, (s) => s.call('models.register', { run, name: o.name, as: o.as, description: o.description }));
      print(io, !!o.json, v, () => `registered run ${run} as ${v.id} (hash ${v.hash})`);
    });
  model
    .command('list')
    .description('the registered models, with their versions and aliases')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions & { json?: boolean }) => {
      const list = await withProject(o.project, (s) => s.call('models.list', {}));
      print(io, !!o.json, list, () =>
        list.length === 0 ? 'no models registered' : table([['model', 'versions', 'latest', 'aliases', 'description'], ...list.map((m) => [m.name, m.versions, m.latest?.version ?? '', Object.entries(m.aliases).map(([a, v]) => `${a}=${v}`).join(','), cell(m.description)])]));
    });
  model
    .command('show <ref>')
    .description('a model and its versions (NAME), or one version (NAME@VERSION or NAME@ALIAS) with its evaluations and approvals')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (ref: string, o: ProjectOptions & { json?: boolean }) => {
      if (!ref.includes('@')) {
        const d = await withProject(o.project, (s) => s.call('models.get', { name: ref }));
        print(io, !!o.json, d, () => modelText(d));
        return;
      }
      const v = await withProject(o.project, (s) => s.call('models.version', { ref }));
      print(io, !!o.json, v, () =>
        [versionText(v), ...v.evaluations.map((e) => `evaluation ${e.id} ${e.kind} '${cell(e.title)}' sha256 ${e.sha256}`), ...v.approvals.map((a) => `approval ${a.id}: ${a.alias} by ${a.approver} at ${a.at}`)].join('\n'));
    });
  model
    .command('tag <model> [pairs...]')
    .description('set KEY=VALUE tags on a model (NAME) or one version (NAME@VERSION); --remove KEY removes one')
    .addOption(projectOption())
    .option('--remove <key...>', 'tags to remove')
    .addOption(jsonOption())
    .action(async (spec: string, pairs: string[], o: ProjectOptions & { remove?: string[]; json?: boolean }) => {
      const target = modelOrVersion(spec);
      const changes: [string, string | null][] = [...pairs.map(tagPair), ...(o.remove ?? []).map((k): [string, null] => [k, null])];
      if (changes.length === 0) fail('BAD_INPUT', 'Name a tag to set (KEY=VALUE) or to remove (--remove KEY).', { where: { field: 'tag' } });
      const tags = await withProject(o.project, async (s) => {
        for (const [key, value] of changes) await s.call('models.setTag', { ...target, key, value });
        return target.version === undefined ? (await s.call('models.get', { name: target.name })).model.tags : (await s.call('models.version', { ref: spec })).tags;
      });
      print(io, !!o.json, tags, () => `${spec}: ${kv(tags) || 'no tags'}`);
    });
  model
    .command('describe <model> <text>')
    .description("set the description of a model (NAME) or one version (NAME@VERSION); an empty text removes it")
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (spec: string, text: string, o: ProjectOptions & { json?: boolean }) => {
      const m = await withProject(o.project, (s) => s.call('models.setDescription', { ...modelOrVersion(spec), description: text }));
      print(io, !!o.json, m, () => `described ${spec}`);
    });
  registerApprovalCommands(model, program, shared);
  registerBenchCommands(model, shared);
}
