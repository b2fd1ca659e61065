using System.Collections.Concurrent;
using System.Reflection;
using CredentialHub.Proofs.Contracts;

namespace CredentialHub.Monitoring.Metrics;

/// <summary>
/// Per-circuit summaries for <c>/metrics/proofs</c> and <c>/stats</c>, fed by the Proofs module through its
/// <see cref="IProofObserver"/> contract: generation counts by status, verification counts by result, and the
/// latencies of the last <see cref="Window"/> proofs and verifications per circuit for percentiles.
/// </summary>
internal sealed class ProofStatistics : IProofObserver
{
    public const int Window = 4096;

    private readonly ConcurrentDictionary<string, CircuitStatistics> _circuits = new(StringComparer.Ordinal);

    public ProofStatistics(TimeProvider clock)
    {
        StartedAt = clock.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public static string Version { get; } =
        typeof(ProofStatistics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public void JobEnded(string circuitId, string outcome) =>
        Circuit(circuitId).Generated.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void StageTimed(string circuitId, ProofStage stage, double seconds) =>
        Circuit(circuitId).Stages.GetOrAdd(StageName(stage), _ => new Reservoir()).Add(seconds);

    public void Verified(string circuitId, bool valid, double seconds)
    {
        var statistics = Circuit(circuitId);
        statistics.Verified.AddOrUpdate(valid ? "valid" : "invalid", 1, (_, n) => n + 1);
        statistics.Verification.Add(seconds);
    }

    private CircuitStatistics Circuit(string id) => _circuits.GetOrAdd(id, _ => new CircuitStatistics());

    private static string StageName(ProofStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>The summary of every circuit that has seen a proof or a verification.</summary>
    public IReadOnlyList<CircuitSummary> Summaries() =>
        [.. _circuits.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value.Summary(c.Key))];

    private sealed class CircuitStatistics
    {
        public readonly ConcurrentDictionary<string, long> Generated = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, long> Verified = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, Reservoir> Stages = new(StringComparer.Ordinal);
        public readonly Reservoir Verification = new();

        public CircuitSummary Summary(string circuit)
        {
            long succeeded = Generated.GetValueOrDefault("success");
            long generated = Generated.Values.Sum();
            long valid = Verified.GetValueOrDefault("valid");
            long verified = Verified.Values.Sum();
            return new CircuitSummary(
                circuit,
                new GenerationSummary(generated, succeeded, generated - succeeded, generated == 0 ? null : Math.Round((double)succeeded / generated, 4),
                    new SortedDictionary<string, long>(Generated, StringComparer.Ordinal),
                    Stages.GetValueOrDefault("total")?.Percentiles(),
                    new SortedDictionary<string, LatencySummary?>(Stages.ToDictionary(s => s.Key, s => s.Value.Percentiles()), StringComparer.Ordinal)),
                new VerificationSummary(verified, valid, verified - valid, Verification.Percentiles()));
        }
    }

    /// <summary>The last <see cref="Window"/> values.</summary>
    private sealed class Reservoir
    {
        private readonly double[] _values = new double[Window];
        private long _count;

        public void Add(double value)
        {
            lock (_values)
            {
                _values[_count % Window] = value;
                _count++;
            }
        }

        public LatencySummary? Percentiles()
        {
            double[] sorted;
            lock (_values)
            {
                if (_count == 0)
                {
                    return null;
                }
                sorted = _values.AsSpan(0, (int)Math.Min(_count, Window)).ToArray();
            }
            Array.Sort(sorted);
            double At(double p) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))] * 1000, 2);
            return new LatencySummary(sorted.Length, At(0.50), At(0.95), At(0.99), Math.Round(sorted[^1] * 1000, 2));
        }
    }
}
