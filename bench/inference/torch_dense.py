"""PyTorch on the GPU, the peer of providers.ts: the same dense network (weights read from the dense.onnx it wrote) on the
same input, timed with the input and output copied through host memory every batch (as ORT does), and with both kept on
the GPU (what the hardware can do). Usage: python3 bench/inference/torch_dense.py DIR [RUNS]"""
import json
import statistics
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def timed(fn, runs):
    for _ in range(3):  # warm-up: cuBLAS picks its kernels, the allocator fills its cache
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t) * 1000)
    return {"median": statistics.median(times), "mean": statistics.fmean(times), "min": min(times)}


def main():
    folder = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    # plain fp32 like ORT's kernels: no TF32 shortcut in matrix products
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    model = onnx.load(f"{folder}/dense.onnx")
    weights = [torch.from_numpy(numpy_helper.to_array(t).copy()).cuda() for t in model.graph.initializer]
    width = weights[0].shape[0]
    x_host = np.fromfile(f"{folder}/x.f32", dtype=np.float32).reshape(-1, width)
    y_cpu = np.fromfile(f"{folder}/y-cpu.f32", dtype=np.float32).reshape(-1, width)

    def forward(x):
        for w in weights:
            x = torch.relu(x @ w)
        return x

    out = {}

    def host_resident():
        out["y"] = forward(torch.from_numpy(x_host).cuda()).cpu().numpy()

    x_gpu = torch.from_numpy(x_host).cuda()

    def on_gpu():
        forward(x_gpu)

    with torch.inference_mode():
        host = timed(host_resident, runs)
        device = timed(on_gpu, runs)
    print(json.dumps({
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(0),
        "batch": int(x_host.shape[0]),
        "msPerBatchHostCopies": host,
        "msPerBatchDataOnGpu": device,
        "maxAbsDiffVsOrtCpu": float(np.max(np.abs(out["y"] - y_cpu))),
    }))


if __name__ == "__main__":
    main()
