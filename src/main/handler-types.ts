// What a handler receives and returns: the host has validated the input; the handler calls a service.
import type { Channel, ImportSource, Output, ParsedInput } from '../shared/api';
import type { HostKind } from '../shared/domain';
import type { Workbench } from './app';

/** A file the host vouches for: a browser upload it staged, a path the Electron dialog returned, or a CLI argument. */
export interface ResolvedSource {
  path: string;
  fileName: string;
}

export interface HandlerContext {
  app: Workbench;
  host: HostKind;
  /** turns an import source into a readable file, refusing sources this host does not accept */
  resolveSource(source: ImportSource): ResolvedSource;
}

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<Output<C>> | Output<C>;

export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
