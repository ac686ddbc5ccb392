// `airlock trace impact, clear, reverify`. (stub: slice 2)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
