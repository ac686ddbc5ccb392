// `airlock trace criteria (show, set)`. (stub: slice 3)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
