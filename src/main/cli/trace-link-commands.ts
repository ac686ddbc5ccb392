// `airlock trace link, unlink, links`. (stub: slice 1)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
