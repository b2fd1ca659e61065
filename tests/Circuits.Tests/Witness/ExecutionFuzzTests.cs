using CredentialHub.Circuits.Inputs;
using CredentialHub.WebAssembly;
using CredentialHub.WebAssembly.Interpreter;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// Seeded fuzzing through execution: a few hundred mutated or truncated copies of a real circom
/// witness calculator are each refused at load, refused at run time, trapped, failed with a circom
/// error, or cancelled at their deadline, with no other exception and no hang. Mutations are aimed at
/// the second half of the file (the code and data sections) so that many of them pass validation and run.
/// </summary>
public class ExecutionFuzzTests
{
    private const int Cases = 300;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Mutated_circuits_are_refused_or_trapped_cleanly_within_the_deadline()
    {
        byte[] original = WitnessVectors.Read("nopublic", "circuit.wasm");
        byte[] input = WitnessVectors.Read("nopublic", "input.json");
        var random = new Random(20261121);
        var outcomes = new Dictionary<string, int>();
        for (int n = 0; n < Cases; n++)
        {
            byte[] mutated = Mutate(original, random, out string mutation);
            var run = Task.Run(() => Outcome(mutated, input));
            var finished = await Task.WhenAny(run, Task.Delay(Hang));
            Assert.True(finished == run, $"case {n} ({mutation}) did not end within {Hang}");
            string outcome = await run;
            Assert.False(outcome.StartsWith("unexpected", StringComparison.Ordinal), $"case {n} ({mutation}): {outcome}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // The fuzzer must reach execution, not only the decoder.
        Assert.True(outcomes.Keys.Any(k => k != "refused at load"), string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    private static string Outcome(byte[] wasm, byte[] input)
    {
        CircomWitnessCalculator calculator;
        try
        {
            calculator = new CircomWitnessCalculator(wasm, "mutated.wasm", maxPages: 256);
        }
        catch (Exception e) when (e is WasmFormatException or WasmTrapException or CircuitException)
        {
            return "refused at load";
        }
        catch (Exception e)
        {
            return $"unexpected at load: {e.GetType().Name}: {e.Message}";
        }
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            calculator.Calculate(input, deadline.Token);
            return "computed";
        }
        catch (Exception e) when (e is WasmFormatException or WasmTrapException or CircuitException or InputException or OperationCanceledException)
        {
            return e.GetType().Name;
        }
        catch (Exception e)
        {
            return $"unexpected at run: {e.GetType().Name}: {e.Message}";
        }
    }

    private static byte[] Mutate(byte[] original, Random random, out string mutation)
    {
        int half = original.Length / 2;
        if (random.Next(10) == 0)
        {
            int cut = random.Next(8, original.Length);
            mutation = $"truncated at {cut}";
            return original[..cut];
        }
        byte[] copy = (byte[])original.Clone();
        int edits = random.Next(1, 4);
        var positions = new List<string>();
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(half, copy.Length);
            copy[at] = (byte)random.Next(256);
            positions.Add($"0x{at:x}");
        }
        mutation = "bytes " + string.Join(", ", positions);
        return copy;
    }
}
