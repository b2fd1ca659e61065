using BenchmarkDotNet.Running;
using CredentialHub.Benchmarks;

if (args.Length > 0 && args[0] == "witness-timing")
{
    return WitnessTiming.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "resident")
{
    return ResidentProving.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "http-load")
{
    return HttpLoad.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(FieldBenchmarks).Assembly).Run(args);
return 0;
