"""Benchmarks (not tests): latency, start-up, build throughput, scale, peer and ONNX."""
