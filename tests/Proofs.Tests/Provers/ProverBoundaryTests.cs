using System.Numerics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Provers;
using CredentialHub.Proofs.Provers.Protocol;
using CredentialHub.ProofSystems.Contracts;
using Google.Protobuf;

namespace CredentialHub.Proofs.Tests.Provers;

/// <summary>What crosses the boundary to a prover process: its environment, the inputs, and the failures coming back.</summary>
public class ProverBoundaryTests
{
    [Fact]
    public void The_prover_environment_passes_only_the_allow_list_and_sets_the_heap_limit()
    {
        var host = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/home/service",
            ["DATABASE_URL"] = "postgresql://u:p@db/x",
            ["REDIS_URL"] = "redis://cache",
            ["SECRET_KEY"] = "a-secret-that-must-not-travel-0123456789",
            ["SECRET_KEY_FILE"] = "/run/secrets/key",
            ["JWT_ISSUER"] = "https://issuer",
            ["AWS_SECRET_ACCESS_KEY"] = "anything",
            ["ASPNETCORE_URLS"] = "http://0.0.0.0:8080",
            ["CIRCUITS_DIR"] = "/srv/circuits",
        };
        var environment = ProverEnvironment.Build(host, 256);
        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("/home/service", environment["HOME"]);
        Assert.Equal((256L << 20).ToString("X"), environment["DOTNET_GCHeapHardLimit"]);
        foreach (string name in host.Keys.Except(["PATH", "HOME"]))
        {
            Assert.False(environment.ContainsKey(name), $"{name} reached the prover's environment");
        }
        Assert.DoesNotContain(environment.Values, v => v.Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Inputs_cross_as_32_byte_values_and_both_sides_clear_them()
    {
        var r = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495616", System.Globalization.CultureInfo.InvariantCulture);
        var inputs = new List<InputSignal>
        {
            new("salt", [r]),
            new("assets", [1, 2, 3, 4], [2, 2]),
            new("empty", [], null),
        };
        var (signals, buffers) = SignalCodec.Encode(inputs);
        Assert.Equal(32 * 4, buffers[1].Length);
        // What the prover process reads: the same values, shapes and names.
        var request = new ProveRequest();
        request.Inputs.AddRange(signals);
        var received = ProveRequest.Parser.ParseFrom(request.ToByteArray());
        var decoded = SignalCodec.Decode(received.Inputs);
        Assert.Equal(inputs.Select(i => i.Name), decoded.Select(i => i.Name));
        Assert.Equal(inputs.Select(i => i.Values), decoded.Select(i => i.Values));
        Assert.Equal([2, 2], decoded[1].Shape);
        Assert.Null(decoded[2].Shape);
        // Decoding cleared the received bytes; the sender clears its own buffers after the call.
        Assert.All(received.Inputs, s => Assert.True(s.Values.Span.ToArray().All(b => b == 0), $"{s.Name}'s received bytes were not cleared"));
        SignalCodec.Clear(buffers);
        Assert.All(buffers, b => Assert.True(b.All(x => x == 0)));
        Assert.All(signals, s => Assert.True(s.Values.Span.ToArray().All(b => b == 0), "the request wraps the cleared buffers, it holds no copy"));
    }

    [Fact]
    public void A_value_of_a_wrong_size_is_refused_and_cleared()
    {
        var bytes = Enumerable.Repeat((byte)7, 33).ToArray();
        var signal = new Signal { Name = "x", Values = UnsafeByteOperations.UnsafeWrap(bytes) };
        var e = Assert.Throws<ArgumentException>(() => SignalCodec.Decode([signal]));
        Assert.Contains("x", e.Message, StringComparison.Ordinal);
        Assert.True(bytes.All(b => b == 0));
    }

    public static TheoryData<Exception, string> Failures() => new()
    {
        { new WitnessException(WitnessFailure.InvalidInput, "input a is too large"), "invalid-input" },
        { new WitnessException(WitnessFailure.CircuitFailed, "assert failed at line 9", 4), "circuit-failed" },
        { new WitnessException(WitnessFailure.Trapped, "out of bounds"), "circuit-trapped" },
        { new WitnessException(WitnessFailure.InvalidCircuit, "not circom"), "circuit-invalid" },
        { new ProvingException("the constraint 3 is not satisfied"), "proving-failed" },
        { new ProverFailureException(ProverFailureException.OutOfMemory, "too big"), "out-of-memory" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_in_the_prover_process_is_raised_in_the_host_as_the_in_process_prover_raises_it(Exception thrown, string code)
    {
        var failure = Failure.Parser.ParseFrom(FailureCodes.ToFailure(thrown).ToByteArray());
        Assert.Equal(code, failure.Code);
        var raised = FailureCodes.Raise(failure);
        Assert.IsType(thrown.GetType(), raised);
        Assert.Equal(thrown.Message, raised.Message);
        if (thrown is WitnessException witness)
        {
            var back = (WitnessException)raised;
            Assert.Equal(witness.Failure, back.Failure);
            Assert.Equal(witness.CircomErrorCode, back.CircomErrorCode);
        }
    }

    [Fact]
    public void An_unexpected_failure_crosses_without_its_message()
    {
        var failure = FailureCodes.ToFailure(new InvalidOperationException("a message that could hold anything"));
        Assert.Equal("internal", failure.Code);
        Assert.DoesNotContain("anything", failure.Message, StringComparison.Ordinal);
    }
}
