// Compiles the boosted trees' histogram kernel (src/main/training/gbdt-histogram-wasm.wat) into the TypeScript module
// that ships its bytes. Run it after editing the .wat:  npx tsx scripts/build-wasm.ts
import fs from 'node:fs';
import { KERNEL_MODULE, kernelModuleText } from '../src/main/training/gbdt-histogram-wasm-build';

fs.writeFileSync(KERNEL_MODULE, await kernelModuleText());
console.log(`wrote ${KERNEL_MODULE}`);
