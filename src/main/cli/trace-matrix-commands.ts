// `airlock trace matrix, coverage`. (stub: slice 8)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
