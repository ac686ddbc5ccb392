// `airlock trace suggest, reject`. (stub: slice 4)
import type { RegisterTraceCommands } from './trace-commands';

export const register: RegisterTraceCommands = () => undefined;
