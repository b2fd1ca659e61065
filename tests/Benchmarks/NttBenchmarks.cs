using System.Numerics;
using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Polynomials;

namespace CredentialHub.Benchmarks;

/// <summary>
/// The transforms of a proof on every core: the prover runs 3 inverse and 3 forward transforms of the
/// domain size plus 3 coset shifts. Each operation transforms the previous result in place.
/// </summary>
[MemoryDiagnoser]
public class NttBenchmarks
{
    private Fr[] _values = [];
    private EvaluationDomain _domain = null!;
    private Fr _shift;

    [Params(16, 20)]
    public int Log2 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _domain = EvaluationDomain.Get(Log2);
        _shift = RootsOfUnity.Get(Log2 + 1);
        var random = new Random(Log2);
        var bytes = new byte[32];
        _values = new Fr[_domain.Size];
        for (int i = 0; i < _values.Length; i++)
        {
            random.NextBytes(bytes);
            _values[i] = Fr.Reduce(new BigInteger(bytes, isUnsigned: true));
        }
    }

    [Benchmark]
    public void Fft() => _domain.Fft(_values);

    [Benchmark]
    public void InverseFft() => _domain.InverseFft(_values);

    [Benchmark]
    public void CosetShift() => EvaluationDomain.MultiplyByPowers(_values, _shift);
}
