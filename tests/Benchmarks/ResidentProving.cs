using System.Diagnostics;
using System.Globalization;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Benchmarks;

/// <summary>
/// Proving with the key resident, as the service's prover processes prove: <c>resident &lt;circuit.zkey&gt; &lt;witness.wtns&gt; [runs]</c>
/// loads the key once through the plugin's contract (<see cref="IProver.LoadProvingKey"/>), reads the witness once, then
/// proves <c>runs</c> times (<see cref="IProver.Prove(IProvingKey, Witness, ProveOptions, CancellationToken)"/>, what a
/// prover process calls) and prints the first proof's time and the median of the rest in milliseconds, on one line:
/// <c>load=… first=… median=…</c>.
/// </summary>
internal static class ResidentProving
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: resident <circuit.zkey> <witness.wtns> [runs=7]");
            return 2;
        }
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        IProver prover = new Groth16ProofSystem();
        var clock = Stopwatch.StartNew();
        IProvingKey key;
        using (var zkey = File.OpenRead(args[0]))
        {
            key = prover.LoadProvingKey(zkey, args[0]);
        }
        double load = clock.Elapsed.TotalMilliseconds;
        Witness witness;
        using (var wtns = File.OpenRead(args[1]))
        {
            witness = prover.ReadWitness(wtns, args[1]);
        }
        var times = new List<double>();
        for (int i = 0; i < Math.Max(2, runs); i++)
        {
            clock.Restart();
            prover.Prove(key, witness, new ProveOptions(), CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var warm = times.Skip(1).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load={load:F0} first={times[0]:F0} median={warm[warm.Count / 2]:F0}"));
        return 0;
    }
}
