// `airlock trace matrix, coverage`: the trace matrix as CSV or HTML on stdout, or as CSV, HTML or XLSX in a file
// (audited with its SHA-256); and the coverage summary with the uncovered report.
import { Option } from 'commander';
import path from 'node:path';
import { fail } from '../../shared/errors';
import type { TraceCoverage } from '../../shared/trace';
import { MATRIX_EXPORT_FORMATS, TRACE_LINK_STATUSES, type MatrixExportFormat } from '../../shared/trace-matrix';
import { exportMatrix } from '../trace/matrix-export/export-matrix';
import { kindName } from '../trace/matrix-export/matrix-index';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface MatrixOptions extends ProjectOptions {
  document?: string;
  format?: MatrixExportFormat;
  out?: string;
  force?: boolean;
}

interface CoverageOptions extends ProjectOptions {
  document?: string;
}

const isFormat = (ext: string): ext is MatrixExportFormat => (MATRIX_EXPORT_FORMATS as readonly string[]).includes(ext);

/** --format, else the extension of --out, else CSV. */
function formatOf(o: MatrixOptions): MatrixExportFormat {
  if (o.format !== undefined) return o.format;
  const ext = o.out === undefined ? '' : path.extname(o.out).slice(1).toLowerCase();
  return isFormat(ext) ? ext : 'csv';
}

function coverageText(c: TraceCoverage): string {
  const share = c.requirements === 0 ? 0 : Math.round((100 * c.covered) / c.requirements);
  const links = TRACE_LINK_STATUSES.map((s) => `${c.links[s]} ${s}`).join(', ');
  const lines = [`${c.covered} of ${c.requirements} requirements covered by ok verifying evidence (${share}%); links: ${links}`];
  if (c.uncovered.requirements.length > 0) lines.push('', table([['UNCOVERED', 'TITLE', 'WHY'], ...c.uncovered.requirements.map((r) => [r.id, r.title, r.reason])]));
  if (c.uncovered.artifacts.length > 0) lines.push('', table([['NOTHING LINKS TO', 'KIND'], ...c.uncovered.artifacts.map((a) => [a.label, kindName(a.kind)])]));
  return lines.join('\n');
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('matrix')
    .description('the trace matrix (requirements x artifacts, each link with its status): CSV or HTML on stdout, or a CSV, HTML or XLSX file with --out (audited)')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(new Option('--format <format>', `${MATRIX_EXPORT_FORMATS.join(' | ')} (default: the extension of --out, else csv)`).choices(MATRIX_EXPORT_FORMATS))
    .option('--out <file>', 'write the file here instead of stdout')
    .option('--force', 'replace --out if it exists')
    .addOption(jsonOption())
    .action(async (o: MatrixOptions) => {
      const format = formatOf(o);
      if (o.out !== undefined) {
        const written = await withProject(o.project, (s) =>
          s.call('trace.exportMatrix', { format, document: o.document, target: { kind: 'path', path: path.resolve(o.out ?? '') }, overwrite: o.force === true }),
        );
        print(io, !!o.json, written, () => `${written.shown}: trace matrix as ${format.toUpperCase()}, ${written.bytes} bytes, sha256 ${written.sha256}`);
        return;
      }
      if (format === 'xlsx' && o.json !== true) fail('BAD_INPUT', 'An XLSX file is binary: name it with --out FILE.xlsx.', { where: { field: 'out' } });
      const matrix = await withProject(o.project, (s) => s.call('trace.matrix', { document: o.document }));
      print(io, !!o.json, matrix, () => new TextDecoder().decode(exportMatrix(matrix, format).bytes));
    });

  trace
    .command('coverage')
    .description('how many requirements ok verifying evidence covers, the links by status, and what is uncovered: requirements with no ok verifying link, artifacts nothing links to')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(jsonOption())
    .action(async (o: CoverageOptions) => {
      const coverage = await withProject(o.project, (s) => s.call('trace.coverage', { document: o.document }));
      print(io, !!o.json, coverage, () => coverageText(coverage));
    });
};
