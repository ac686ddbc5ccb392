// `airlock model inspect FILE`: what an .onnx file holds and whether Airlock can score it, read from the file alone (no project).
import type { Command } from 'commander';
import { inspectOnnx, type OnnxDim, type OnnxValueInfo, type OnnxValueType } from '../models/onnx-inspect';
import { registerApprovalCommands } from './approval-commands';
import { registerBenchCommands } from './bench-commands';
import { jsonOption, type CliShared } from './options';
import { print } from './session';
import { table } from './table';

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

export function register(program: Command, shared: CliShared): void {
  const { io } = shared;
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
  registerApprovalCommands(model, program, shared);
  registerBenchCommands(model, shared);
}
