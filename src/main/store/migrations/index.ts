// The ordered list of schema migrations. Never edit one that has landed; add the next number instead.
import { sql as init } from './0001-init';
import { sql as datasets } from './0002-datasets';
import { sql as experiments } from './0003-experiments';
import { sql as anchorsAndUsers } from './0004-anchors-and-users';
import { sql as jobOwners } from './0005-job-owners';
import { sql as monitoring } from './0006-monitoring';
import { sql as registry } from './0007-registry';
import { sql as requirements } from './0008-requirements';
import { sql as requirementIntelligence } from './0009-requirement-intelligence';
import { sql as traceability } from './0010-traceability';
import { sql as paramSortIndex } from './0011-param-sort-index';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'datasets', sql: datasets },
  { version: 3, name: 'experiments', sql: experiments },
  { version: 4, name: 'anchors-and-users', sql: anchorsAndUsers },
  { version: 5, name: 'job-owners', sql: jobOwners },
  { version: 6, name: 'monitoring', sql: monitoring },
  { version: 7, name: 'registry', sql: registry },
  { version: 8, name: 'requirements', sql: requirements },
  { version: 9, name: 'requirement-intelligence', sql: requirementIntelligence },
  { version: 10, name: 'traceability', sql: traceability },
  { version: 11, name: 'param-sort-index', sql: paramSortIndex },
];

export const latestSchemaVersion = migrations[migrations.length - 1].version;
