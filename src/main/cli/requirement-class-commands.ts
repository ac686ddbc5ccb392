// `airlock req classify|label|train|classifier`: the requirement classifier from the command line, under the `req`
// command. Classifying and training run as jobs (a child process, as in the window) with progress on the terminal.
import type { Command } from 'commander';
import path from 'node:path';
import { fail } from '../../shared/errors';
import { REQUIREMENT_CLASSES, type ClassifierInfo, type HeldOutFigures, type RequirementClassification, type RequirementTrainResult } from '../../shared/requirements-classes';
import { choiceArg, intArg } from './args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { followJob, print } from './session';
import { table } from './table';

interface ClassifyOptions extends ProjectOptions {
  document?: string;
}

interface TrainOptions extends ProjectOptions {
  labels?: string;
  folds?: string;
  seed?: string;
}

const percent = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** What `req classify --json` prints per requirement. */
const verdictOf = (c: RequirementClassification) => ({ id: c.id, class: c.class, confidence: c.confidence, classes: c.classes, labels: c.labels });

function verdictsTable(rows: readonly RequirementClassification[]): string {
  return rows.length === 0 ? 'no requirements' : table([['ID', 'CLASS', 'CONFIDENCE', 'LABELS'], ...rows.map((r) => [r.id, r.class, percent(r.confidence), r.labels.join(', ')])]);
}

function figures(metrics: Record<string, number>): string {
  return ['accuracy', 'f1_macro'].filter((k) => k in metrics).map((k) => `${k} ${metrics[k].toFixed(3)}`).join(', ');
}

function infoText(i: ClassifierInfo): string {
  return [
    `active: ${i.active ?? 'none yet (the shipped default is registered on the first classification)'}${i.pinned ? ' (approved)' : ''}`,
    `latest: ${i.latest ?? '-'}`,
    `cross-validated: ${figures(i.metrics)}`,
    `corrections: ${i.corrections} (${i.pendingCorrections} not yet trained on)`,
  ].join('\n');
}

const heldOutLine = (label: string, f: HeldOutFigures): string => `${label.padEnd(40)} ${f.model} accuracy ${f.accuracy.toFixed(3)}, f1_macro ${f.f1_macro.toFixed(3)}`;

function trainText(r: RequirementTrainResult): string {
  const { candidate, current, unseenByCurrent } = r.heldOut;
  return [
    `run ${r.run} registered ${r.version}${r.active ? ' (now the project classifier)' : ' (awaits approval: req classifier shows the one in use)'}`,
    `trained on ${r.dataset}: ${r.rows.default} default, ${r.rows.corrections} corrections, ${r.rows.file} from the file`,
    `cross-validated: ${figures(r.cv)}`,
    heldOutLine(`held out (${candidate.rows} rows):`, candidate),
    // the current version's training set trained again without the held-out rows: the fair comparison
    current ? heldOutLine('  current training set, retrained:', current) : '',
    unseenByCurrent ? heldOutLine(`  current file, ${unseenByCurrent.current.rows} rows it never saw:`, unseenByCurrent.current) : '',
    unseenByCurrent ? heldOutLine('', unseenByCurrent.candidate) : '',
  ].filter(Boolean).join('\n');
}

export function register(program: Command, { io, withProject }: CliShared): void {
  // requirement-commands.ts registers `req` first (program.ts lists it before this module)
  const req = program.commands.find((c) => c.name() === 'req') ?? fail('INTERNAL', 'The req command is not registered before its classifier commands.');

  req
    .command('classify')
    .description("classify every requirement's latest revision with the project's classifier and store the verdicts")
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(jsonOption())
    .action(async (o: ClassifyOptions) => {
      const rows = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('requirements.classify', { document: o.document });
        await followJob(s, jobId, 'requirements.classify', io);
        return s.call('requirements.classifications', { document: o.document });
      });
      print(io, !!o.json, rows.map(verdictOf), () => verdictsTable(rows));
    });

  req
    .command('label <id> <class>')
    .description(`accept or correct a requirement's class (one of ${REQUIREMENT_CLASSES.join(', ')})`)
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (id: string, label: string, o: ProjectOptions) => {
      const given = await withProject(o.project, (s) => s.call('requirements.label', { id, label: choiceArg(label, REQUIREMENT_CLASSES, 'class') }));
      print(io, !!o.json, given, () => `${given.id} labelled ${given.label} (revision ${given.revision}${given.predicted ? `, the classifier said ${given.predicted}` : ''})`);
    });

  req
    .command('train')
    .description('retrain the classifier on the default set, the project\'s labels and an optional CSV (columns text,label) as a tracked run')
    .addOption(projectOption())
    .option('--labels <file.csv>', 'labelled requirements of your own domain: columns text,label')
    .option('--folds <k>', 'folds for the cross-validated figures (default 5)')
    .option('--seed <n>', 'seed of the splits (default 42)')
    .addOption(jsonOption())
    .action(async (o: TrainOptions) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('requirements.train', {
          ...(o.labels ? { labels: { kind: 'path', path: path.resolve(o.labels) } } : {}),
          ...(o.folds ? { folds: intArg(o.folds, 'folds') } : {}),
          ...(o.seed ? { seed: intArg(o.seed, 'seed') } : {}),
        });
        return followJob(s, jobId, 'requirements.train', io);
      });
      print(io, !!o.json, result, () => trainText(result));
    });

  req
    .command('classifier')
    .description('the classifier the project uses, its cross-validated figures and the corrections waiting for a retraining')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const info = await withProject(o.project, (s) => s.call('requirements.classifier', {}));
      print(io, !!o.json, info, () => infoText(info));
    });
}
