import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { smallMlruns } from '../test-support/small-mlruns';
import { tempDir, tempProject } from '../test-support/temp-project';
import { ExperimentsService } from './experiments-service';
import { importMlruns } from './mlflow-import';

describe('MLflow export', () => {
  it('records every export in the audit log with what it wrote and where', () => {
    const store = tempProject();
    importMlruns(store, smallMlruns());
    const out = path.join(tempDir(), 'exported');
    // the window is shown the base name, not the host's path: the entry must carry what it was given to show
    const summary = new ExperimentsService(store).exportMlflow(out, undefined, 'exported');
    expect(fs.existsSync(path.join(out, '0'))).toBe(true);
    const entry = store.audit.list(10).find((e) => e.action === 'mlflow.export');
    expect(entry).toMatchObject({ target: 'mlruns:exported', details: { ...summary, destination: 'exported', experiment: null } });
    store.close();
  });

  it('writes nothing and records nothing over a folder that is not empty', () => {
    const store = tempProject();
    importMlruns(store, smallMlruns());
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    expect(() => new ExperimentsService(store).exportMlflow(out, undefined, 'out')).toThrow(AppFailure);
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    expect(store.audit.list(10).some((e) => e.action === 'mlflow.export')).toBe(false);
    store.close();
  });
});
