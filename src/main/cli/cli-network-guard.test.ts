import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';
import { runCli } from './program';

describe('CLI network guard', () => {
  it('guards the network for every command, not only serve', async () => {
    // A recorder stands in for the real connect before anything is installed, so even a broken guard sends nothing.
    const attempts: unknown[][] = [];
    net.Socket.prototype.connect = function record(this: net.Socket, ...args: unknown[]) {
      attempts.push(args);
      return this;
    } as typeof net.Socket.prototype.connect;

    const err: string[] = [];
    const code = await runCli(['jobs', '--project', path.join(tempDir(), 'absent')], { out: () => undefined, err: (t) => err.push(t) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/^airlock: PROJECT_NOT_FOUND: /);

    const socket = new net.Socket();
    socket.on('error', () => undefined);
    try {
      socket.connect(9, '192.0.2.1');
    } catch {
      // a guard may refuse by throwing; what matters is that the real connect is never reached
    }
    await sleep(20);
    expect(attempts).toEqual([]);
    expect(socket.destroyed).toBe(true);
  });
});
