// The ordered list of schema migrations. Never edit one that has landed; add the next number instead.
import { sql as init } from './0001-init';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [{ version: 1, name: 'init', sql: init }];

export const latestSchemaVersion = migrations[migrations.length - 1].version;
