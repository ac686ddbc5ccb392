// Imported first by the Electron entry: installs the network guard before any other module of the app is evaluated
// (imports run in order, and a call in the entry's own body would run only after every import had loaded).
import { guardNetwork } from './network-guard';

guardNetwork();
