using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CredentialHub.Benchmarks.FieldBenchmarks).Assembly).Run(args);
