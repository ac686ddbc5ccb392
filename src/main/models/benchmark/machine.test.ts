import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-project';
import { describeMachine, nvidiaGpuNames } from './machine';

describe('describeMachine', () => {
  it("describes this machine's OS, CPU, cores, memory and runtimes, with each provider and why it is unavailable", () => {
    const m = describeMachine(
      [
        { name: 'cpu', available: true },
        { name: 'webgpu', available: false, reason: 'no Vulkan driver' },
        { name: 'cuda', available: true },
      ],
      ['NVIDIA H100 80GB HBM3'],
    );
    expect(m.os).toBe(`${os.type()} ${os.release()} ${os.arch()}`);
    expect(m.cpu).toBe(os.cpus()[0].model.trim());
    expect(m.cores).toBe(os.availableParallelism());
    expect(m.memoryGb).toBeCloseTo(os.totalmem() / 2 ** 30, 1);
    expect(m.node).toBe(process.versions.node);
    expect(m.onnxruntime).toBe(ort.env.versions.common);
    expect(m.providers).toEqual([
      { name: 'cpu', available: true },
      { name: 'webgpu', available: false, detail: 'no Vulkan driver' },
      { name: 'cuda', available: true, detail: 'NVIDIA H100 80GB HBM3' },
    ]);
  });
});

describe('nvidiaGpuNames', () => {
  it("reads each GPU's model from the NVIDIA driver's information files, and nothing where there is no driver", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '0000:01:00.0'));
    fs.writeFileSync(path.join(root, '0000:01:00.0', 'information'), 'Model: \t\t NVIDIA H100 80GB HBM3\nIRQ:   154\n');
    fs.mkdirSync(path.join(root, '0000:02:00.0'));
    expect(nvidiaGpuNames(root)).toEqual(['NVIDIA H100 80GB HBM3']);
    expect(nvidiaGpuNames(path.join(root, 'absent'))).toEqual([]);
  });
});
