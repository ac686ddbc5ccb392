import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';
import { AppFailure } from '../../shared/errors';
import { chooseProvider, CUDA_PROVIDER_LIBRARIES, detectProviders, explainFailure, ortLibraryDir, type ProviderStatus } from './execution-providers';

// What this machine has decides what a GPU provider should report; a GPU machine checks that they work instead.
const cudaInstalled = CUDA_PROVIDER_LIBRARIES.every((f) => fs.existsSync(path.join(ortLibraryDir(), f)));
const vulkanLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'].some((f) => fs.existsSync(f));
const nvidiaGpu = fs.existsSync('/proc/driver/nvidia/version');

describe('detectProviders', () => {
  const nodeOptions = process.env.NODE_OPTIONS;
  afterEach(() => {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  });

  it('lists cpu, webgpu and cuda in that order, cpu available, and every unavailable one with a one-line reason', async () => {
    const statuses = await detectProviders();
    expect(statuses.map((s) => s.name)).toEqual(['cpu', 'webgpu', 'cuda']);
    expect(statuses[0]).toEqual({ name: 'cpu', available: true });
    for (const s of statuses) {
      if (s.available) expect(s.reason).toBeUndefined();
      else expect(s.reason).toMatch(/^[^\n]{10,}$/);
    }
  }, 60_000);

  it.skipIf(cudaInstalled)('says the CUDA provider libraries are missing, and where onnxruntime looks for them', async () => {
    const cuda = (await detectProviders()).find((s) => s.name === 'cuda')!;
    expect(cuda.available).toBe(false);
    expect(cuda.reason).toContain('libonnxruntime_providers_cuda.so');
    expect(cuda.reason).toContain(ortLibraryDir());
    expect(cuda.reason).toMatch(/onnxruntime 1\.\d+\.\d+/);
  }, 60_000);

  it.skipIf(vulkanLoader)('says WebGPU found no adapter because the Vulkan loader is missing, with what to install', async () => {
    const webgpu = (await detectProviders()).find((s) => s.name === 'webgpu')!;
    expect(webgpu.available).toBe(false);
    expect(webgpu.reason).toMatch(/^Failed to get a WebGPU adapter: No supported adapters \(libvulkan\.so\.1 could not be loaded: install the Vulkan loader/);
  }, 60_000);

  it.skipIf(!nvidiaGpu || !vulkanLoader)('finds WebGPU working on a machine with an NVIDIA GPU and a Vulkan loader', async () => {
    const webgpu = (await detectProviders()).find((s) => s.name === 'webgpu')!;
    expect(webgpu).toEqual({ name: 'webgpu', available: true });
  }, 60_000);

  it('counts a provider whose probe does not answer in time as unavailable, and says so', async () => {
    const statuses = await detectProviders({ timeoutMs: 1 });
    expect(statuses[0]).toEqual({ name: 'cpu', available: false, reason: 'trying it did not finish within 0.001 s' });
  });

  it('reports a probe process that dies of a signal as a crash, and the host carries on', async () => {
    // The probes inherit the environment: a preload that kills its own process stands in for a faulting GPU driver.
    const preload = path.join(tempDir(), 'segfault.cjs');
    fs.writeFileSync(preload, "process.kill(process.pid, 'SIGSEGV');\n");
    process.env.NODE_OPTIONS = `--require ${preload}`;
    const statuses = await detectProviders();
    expect(statuses[0]).toMatchObject({ name: 'cpu', available: false });
    expect(statuses[0].reason).toMatch(/^trying it crashed the probe process, which was killed by SIGSEGV/);
  });
});

describe('explainFailure', () => {
  it("keeps the message after onnxruntime's failed assertion and names the library stderr could not load", () => {
    const error =
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n';
    const stderr = "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n";
    expect(explainFailure(error, stderr)).toBe(
      "Failed to get a WebGPU adapter: No supported adapters (libvulkan.so.1 could not be loaded: install the Vulkan loader (Debian libvulkan1) and the GPU vendor's Vulkan driver)",
    );
  });

  it('names a missing CUDA runtime library without a Vulkan remedy, and leaves a message that already names it alone', () => {
    const stderr = 'Failed to load library libonnxruntime_providers_cuda.so with error: libcudart.so.13: cannot open shared object file: No such file or directory';
    expect(explainFailure('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library', stderr)).toBe(
      'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library (libcudart.so.13 could not be loaded)',
    );
    expect(explainFailure('libcudart.so.13: cannot open shared object file', stderr)).toBe('libcudart.so.13: cannot open shared object file');
  });
});

describe('chooseProvider', () => {
  const cpu: ProviderStatus = { name: 'cpu', available: true };
  const webgpu: ProviderStatus = { name: 'webgpu', available: true };
  const noWebgpu: ProviderStatus = { name: 'webgpu', available: false, reason: 'Failed to get a WebGPU adapter: No supported adapters' };
  const cuda: ProviderStatus = { name: 'cuda', available: true };
  const noCuda: ProviderStatus = { name: 'cuda', available: false, reason: 'the CUDA provider libraries are not installed' };

  it('picks the fastest available provider by default: cuda, then webgpu, then cpu', () => {
    expect(chooseProvider([cpu, webgpu, cuda])).toEqual({ provider: 'cuda' });
    expect(chooseProvider([cpu, webgpu, noCuda])).toEqual({ provider: 'webgpu' });
    expect(chooseProvider([cpu, noWebgpu, noCuda])).toEqual({ provider: 'cpu' });
  });

  it("uses the provider asked for when it is available, even a slower one, and cpu with that provider's reason when not", () => {
    expect(chooseProvider([cpu, webgpu, cuda], 'webgpu')).toEqual({ provider: 'webgpu' });
    expect(chooseProvider([cpu, webgpu, cuda], 'cpu')).toEqual({ provider: 'cpu' });
    expect(chooseProvider([cpu, webgpu, noCuda], 'cuda')).toEqual({
      provider: 'cpu',
      fallback: 'cuda is not available, so cpu is used: the CUDA provider libraries are not installed',
    });
  });

  it('fails with every reason when not even cpu can run models', () => {
    const broken: ProviderStatus = { name: 'cpu', available: false, reason: 'trying it crashed the probe process' };
    expect(() => chooseProvider([broken, noWebgpu, noCuda], 'cuda')).toThrow(AppFailure);
    expect(() => chooseProvider([broken, noWebgpu, noCuda], 'cuda')).toThrow(
      'Neither cuda (the CUDA provider libraries are not installed) nor cpu (trying it crashed the probe process) can run models on this machine.',
    );
    expect(() => chooseProvider([broken, noWebgpu, noCuda])).toThrow('No execution provider can run models on this machine; cpu: trying it crashed the probe process');
  });
});
