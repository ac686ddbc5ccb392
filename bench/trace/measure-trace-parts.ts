// Times the parts trace.matrix is made of, one by one, on a seeded project, and the plain way to read its links (the
// peer). A process of its own: these probes are not channels a window calls, and their garbage would otherwise sit
// under the audit package's job thread in measure-trace.ts and move that process's peak RSS from run to run.
// Usage: node --import tsx bench/trace/measure-trace-parts.ts <project-dir> <data-dir>; prints one JSON line.
import { CliSession } from '../../src/main/cli/session';
import { RequirementsRepo } from '../../src/main/store/requirements-repo';
import { TraceLinksRepo } from '../../src/main/store/trace-links-repo';
import { TraceMatrixRepo } from '../../src/main/store/trace-matrix-repo';
import { criteriaByLink } from '../../src/main/trace/criteria/link-criteria';
import { traceTargets } from '../../src/main/trace/links/trace-targets';
import { describeLinks } from '../../src/main/trace/status/describe-links';
import { suspectCauses } from '../../src/main/trace/status/suspect-causes';
import { timed } from './timing';

const [project, dataDir] = process.argv.slice(2);
const s = new CliSession({ dataDir });
await s.open(project);
const store = s.app.requireProject().store;
const matrixRepo = new TraceMatrixRepo(store.db);
const documents = new RequirementsRepo(store.db).documents().map((d) => d.id);
/** the links as the matrix reads them (what it judges), and as trace.links reads them (every column, creation order) */
const live = matrixRepo.liveLinks();
const stored = new TraceLinksRepo(store.db).live();
const result = {
  parts: {
    requirements: await timed(() => matrixRepo.outline(documents), 3),
    liveLinks: await timed(() => matrixRepo.liveLinks(), 3),
    suspectCauses: await timed(() => suspectCauses(store, live), 3),
    criteriaByLink: await timed(() => criteriaByLink(store, live), 3),
    targets: await timed(() => traceTargets(store), 3),
    describeLinks: await timed(() => describeLinks(store, stored), 3),
  },
  /**
   * The peer: what the matrix's links would cost the plain way, every live link read in creation order (walking the
   * partial index) and fully described (labels, reviews, status), as trace.links answers.
   */
  plainLinks: await timed(() => describeLinks(store, new TraceLinksRepo(store.db).live()), 3),
};
await s.close();
console.log(JSON.stringify(result));
