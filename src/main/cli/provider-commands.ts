// `airlock providers`: the onnxruntime execution providers this machine can run models on, and why each other one
// cannot. It needs no project: it tries each provider with a tiny model in a child process of its own.
// `providers verify-pack` / `install-pack` check and install a GPU runtime pack (docs/gpu-runtime-pack.md).
import type { Command } from 'commander';
import { detectProviders } from '../models/execution-providers';
import { installPack, verifyPack, type PackManifest } from '../models/runtime-pack';
import { jsonOption, type CliShared } from './options';
import { print } from './session';
import { table } from './table';

function describePack(manifest: PackManifest, totalBytes: number): string {
  const mb = (totalBytes / 1e6).toFixed(1);
  return `onnxruntime ${manifest.onnxruntime}, CUDA ${manifest.cuda}: ${manifest.files.length} files, ${mb} MB, every sha256 matches`;
}

export function register(program: Command, { io }: CliShared): void {
  const providers = program
    .command('providers')
    .description('execution providers (cpu, webgpu, cuda) available on this machine, and why each other one is not')
    .addOption(jsonOption())
    .action(async (o: { json?: boolean }) => {
      const statuses = await detectProviders();
      print(io, !!o.json, { providers: statuses }, () => table(statuses.map((p) => [p.name, p.available ? 'available' : 'unavailable', p.reason])));
    });

  providers
    .command('verify-pack <path>')
    .description("check a GPU runtime pack (folder or .tar): pack.json, every file's sha256, and that it is for this onnxruntime-node")
    .addOption(jsonOption())
    .action((pack: string, o: { json?: boolean }) => {
      const verified = verifyPack(pack);
      const { onnxruntime, cuda, files } = verified.manifest;
      print(io, !!o.json, { ok: true, path: verified.path, kind: verified.kind, onnxruntime, cuda, files, totalBytes: verified.totalBytes }, () =>
        `${verified.path}: ${describePack(verified.manifest, verified.totalBytes)}`,
      );
    });

  providers
    .command('install-pack <path>')
    .description("verify a GPU runtime pack and install its libraries beside onnxruntime's, then try the CUDA provider")
    .addOption(jsonOption())
    .action(async (pack: string, o: { json?: boolean }) => {
      const installed = installPack(pack);
      const cuda = (await detectProviders()).find((p) => p.name === 'cuda');
      const cudaLine = cuda?.available ? 'cuda: available' : `cuda: unavailable: ${cuda?.reason ?? 'not detected'}`;
      print(io, !!o.json, { ok: true, dir: installed.dir, onnxruntime: installed.manifest.onnxruntime, cuda: installed.manifest.cuda, files: installed.manifest.files, provider: cuda }, () =>
        [`installed into ${installed.dir}: ${describePack(installed.manifest, installed.totalBytes)}`, cudaLine].join('\n'),
      );
    });
}
