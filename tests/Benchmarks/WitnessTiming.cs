using System.Diagnostics;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Benchmarks;

/// <summary>
/// Witness generation without process start-up: <c>witness-timing &lt;circuit.wasm&gt; &lt;input.json&gt; [runs] [engine]</c>
/// prints the time to load (decode, validate, compile) the module, the first run (which includes the JIT
/// compiling each function on its first call) and the median of the warm runs, for the compiled engine and,
/// with engine "both", the reference interpreter too. BenchmarkDotNet is not used: a run takes long enough to
/// time directly, and the first run is one of the figures.
/// </summary>
internal static class WitnessTiming
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: witness-timing <circuit.wasm> <input.json> [runs=5] [compiled|interpreted|both]");
            return 2;
        }
        byte[] wasm = File.ReadAllBytes(args[0]);
        byte[] input = File.ReadAllBytes(args[1]);
        int runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
        string which = args.Length > 3 ? args[3] : "compiled";
        var engines = which switch
        {
            "both" => new[] { WasmEngineKind.Compiled, WasmEngineKind.Interpreted },
            "interpreted" => [WasmEngineKind.Interpreted],
            _ => [WasmEngineKind.Compiled],
        };
        foreach (var engine in engines)
        {
            var clock = Stopwatch.StartNew();
            var calculator = new CircomWitnessCalculator(wasm, Path.GetFileName(args[0]), engine: engine);
            double load = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            int size = (calculator.CalculateWtns(input, null, CancellationToken.None).Length - 76) / 32;
            double first = clock.Elapsed.TotalMilliseconds;
            var warm = new List<double>();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            int collections = GC.CollectionCount(2);
            for (int i = 0; i < runs; i++)
            {
                clock.Restart();
                calculator.CalculateWtns(input, null, CancellationToken.None);
                warm.Add(clock.Elapsed.TotalMilliseconds);
            }
            allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
            collections = GC.CollectionCount(2) - collections;
            warm.Sort();
            Console.WriteLine($"{engine,-12} witness of {size} values: load {load:F0} ms, first run {first:F0} ms, warm median {warm[warm.Count / 2]:F0} ms (min {warm[0]:F0}, {runs} runs; {allocated / (1 << 20)} MiB allocated per run, {collections} gen-2 collections)");
        }
        return 0;
    }
}
