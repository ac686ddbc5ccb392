// Test support: the --import preload for the crash child. Plain JavaScript that registers tsx itself, because inside
// a worker thread the inherited `--import tsx` does not take effect; the threads run it too and load the pause point.
import { register } from 'tsx/esm/api';

register();
await import('./commit-pause.ts');
