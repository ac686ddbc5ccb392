// `airlock trace clauses, map-clause`. (stub: slice 6)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
