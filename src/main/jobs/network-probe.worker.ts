// The network guard's proof test as a job: tries every network API from inside a job worker thread or job child
// process, so the test proves the real job entries install the guard. Aims nowhere unless the net recorder is loaded.
import { tryEveryNetworkApi } from '../test-support/network-probes';
import type { NetworkProbeReport } from '../../shared/jobs';
import type { JobHandler } from './protocol';

export const networkProbeJob: JobHandler<Record<string, never>, NetworkProbeReport> = () => tryEveryNetworkApi();
