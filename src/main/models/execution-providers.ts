// Which onnxruntime execution providers work on this machine, and why each other one does not: each is tried with a
// tiny model in a child process, so a GPU driver that crashes or hangs while it initialises costs a probe, not the app.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { fail } from '../../shared/errors';
import { GraphBuilder } from '../onnx/onnx-graph-builder';

import { PROVIDER_NAMES, type ProviderName, type ProviderStatus } from '../../shared/models';

export { PROVIDER_NAMES, type ProviderName, type ProviderStatus } from '../../shared/models';

export interface DetectOptions {
  /** how long one probe may take before it is killed and its provider counted unavailable (GPU start-up can be slow) */
  timeoutMs?: number;
}

/** y = Relu(x + x): two operators every provider implements for float, and an answer that tells a wrong result. */
function probeModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', 'float', ['N', 4]);
  const doubled = g.op('Add', ['x', 'x']);
  g.node('Relu', [doubled], {}, { outputs: ['y'] });
  g.output('y', 'float', ['N', 4]);
  return g.encode({ producer: 'airlock-provider-probe', version: '1', graphName: 'probe' });
}
const PROBE_INPUT = [-1, 0.5, 2, -3];
const PROBE_OUTPUT = [0, 1, 4, 0];

/**
 * The probe as plain CommonJS, run with `node -e`: it must start under a bare Node (or Electron as Node) without tsx or
 * a bundle entry of its own. It prints one JSON line: {ok, output} or {ok: false, error}.
 */
const PROBE_SCRIPT = `
const ort = require(process.argv[1]);
const [provider, modelBase64, input] = process.argv.slice(2);
(async () => {
  try {
    const session = await ort.InferenceSession.create(Buffer.from(modelBase64, 'base64'), { executionProviders: [provider] });
    const x = JSON.parse(input);
    const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [1, x.length]) });
    console.log(JSON.stringify({ ok: true, output: Array.from(result.y.data) }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e) }));
  }
})();
`;

/** The folder of onnxruntime-node's native library, where onnxruntime looks for provider libraries such as CUDA's. */
export function ortLibraryDir(): string {
  const packageJson = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  // napi-v6 is the one native ABI folder onnxruntime-node 1.x ships
  return path.join(path.dirname(packageJson), 'bin', 'napi-v6', process.platform, process.arch);
}

export const CUDA_PROVIDER_LIBRARIES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];

/**
 * What stopped a provider, in one line: the error's first line without onnxruntime's source position and failed
 * assertion, plus a shared library that stderr says could not be loaded (Dawn names the Vulkan loader only there).
 */
export function explainFailure(error: string, stderr: string): string {
  const first = error.split('\n').find((l) => l.trim() !== '') ?? error;
  const message = (/ was false\. (.*)$/.exec(first)?.[1] ?? first.replace(/^\/onnxruntime_src\/\S+ /, '')).trim();
  const missing = /(lib[\w.+-]+\.so[\w.]*): cannot open shared object file/.exec(stderr)?.[1];
  if (!missing || message.includes(missing)) return message;
  const remedy = missing.startsWith('libvulkan') ? ": install the Vulkan loader (Debian libvulkan1) and the GPU vendor's Vulkan driver" : '';
  return `${message} (${missing} could not be loaded${remedy})`;
}

interface ProbeResult {
  available: boolean;
  reason?: string;
}

function probe(provider: ProviderName, model: Uint8Array, timeoutMs: number): Promise<ProbeResult> {
  const ortEntry = createRequire(import.meta.url).resolve('onnxruntime-node');
  return new Promise((resolve) => {
    // ELECTRON_RUN_AS_NODE makes Electron's own binary act as Node; plain Node ignores it.
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, ortEntry, provider, Buffer.from(model).toString('base64'), JSON.stringify(PROBE_INPUT)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-16_384)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ available: false, reason: `the probe process could not start: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ available: false, reason: `trying it did not finish within ${timeoutMs / 1000} s` });
      const line = stdout.trim().split('\n').pop() ?? '';
      let answer: { ok: boolean; output?: number[]; error?: string } | null = null;
      try {
        answer = JSON.parse(line);
      } catch {
        answer = null;
      }
      if (!answer) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderr.trim().split('\n').pop();
        return resolve({ available: false, reason: `trying it crashed the probe process, which ${how}${tail ? `: ${tail}` : ''}` });
      }
      if (!answer.ok) return resolve({ available: false, reason: explainFailure(answer.error ?? 'unknown error', stderr) });
      const right = answer.output?.length === PROBE_OUTPUT.length && answer.output.every((v, i) => v === PROBE_OUTPUT[i]);
      resolve(right ? { available: true } : { available: false, reason: `it ran, but computed [${answer.output?.join(', ')}] instead of [${PROBE_OUTPUT.join(', ')}]` });
    });
  });
}

/** Reasons known without trying: the build does not include the provider, or its libraries are not installed. */
function precheck(provider: ProviderName): string | null {
  if (provider === 'cuda') {
    // onnxruntime-node never bundles CUDA; on Linux its provider libraries must sit beside libonnxruntime.so.1.
    // Elsewhere their names differ, and the probe's own error says what is missing.
    if (process.platform !== 'linux') return null;
    const dir = ortLibraryDir();
    const absent = CUDA_PROVIDER_LIBRARIES.filter((f) => !fs.existsSync(path.join(dir, f)));
    return absent.length === 0
      ? null
      : `the CUDA provider libraries for onnxruntime ${ortVersion()} are not installed: ${absent.join(', ')} missing from ${dir} (bring a GPU runtime pack)`;
  }
  const included = ort.listSupportedBackends().some((b) => b.name === provider);
  return included ? null : `this onnxruntime-node build (${ortVersion()}) does not include the ${provider} provider on ${process.platform}-${process.arch}`;
}

function ortVersion(): string {
  return ort.env.versions.common;
}

/** Every provider Airlock can use, CPU first, each tried on this machine; probes run side by side. */
export async function detectProviders(options: DetectOptions = {}): Promise<ProviderStatus[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const model = probeModel();
  return Promise.all(
    PROVIDER_NAMES.map(async (name): Promise<ProviderStatus> => {
      const known = precheck(name);
      const result = known === null ? await probe(name, model, timeoutMs) : { available: false, reason: known };
      return result.available ? { name, available: true } : { name, available: false, reason: result.reason };
    }),
  );
}

/**
 * Fastest first, as measured on an H100 (../shared/GPU.md: 11 ms CUDA, 27 ms WebGPU, 80 ms CPU for a batch through a
 * dense network). A software Vulkan driver would put WebGPU behind the CPU; a benchmark of the model itself decides.
 */
export const SPEED_ORDER: readonly ProviderName[] = ['cuda', 'webgpu', 'cpu'];

export interface ProviderChoice {
  provider: ProviderName;
  /** why the provider asked for is not the one used, to show beside the result */
  fallback?: string;
}

/** The provider asked for when it is available, else CPU with the reason; without a request, the fastest available. */
export function chooseProvider(statuses: ProviderStatus[], requested?: ProviderName): ProviderChoice {
  const available = (name: ProviderName): boolean => statuses.some((s) => s.name === name && s.available);
  const cpuReason = statuses.find((s) => s.name === 'cpu')?.reason ?? 'it was not detected';
  if (requested !== undefined && !available(requested)) {
    const reason = statuses.find((s) => s.name === requested)?.reason ?? 'it was not detected';
    if (!available('cpu')) fail('INTERNAL', `Neither ${requested} (${reason}) nor cpu (${cpuReason}) can run models on this machine.`);
    return { provider: 'cpu', fallback: `${requested} is not available, so cpu is used: ${reason}` };
  }
  const provider = requested ?? SPEED_ORDER.find(available);
  return provider ? { provider } : fail('INTERNAL', `No execution provider can run models on this machine; cpu: ${cpuReason}`);
}
