using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Benchmarks;

/// <summary>
/// Dependent chains of field multiplications (each result feeds the next), so the figure is latency
/// per multiplication: divide the reported time by <see cref="Chain"/>.
/// </summary>
[MemoryDiagnoser]
public class FieldBenchmarks
{
    private const int Chain = 1000;
    private Fp _fpA, _fpB;
    private Fr _frA, _frB;

    [GlobalSetup]
    public void Setup()
    {
        _fpA = Fp.Reduce(System.Numerics.BigInteger.Parse("1234567890123456789012345678901234567890123456789"));
        _fpB = Fp.Reduce(System.Numerics.BigInteger.Parse("9876543210987654321098765432109876543210987654321"));
        _frA = Fr.Reduce(System.Numerics.BigInteger.Parse("1234567890123456789012345678901234567890123456789"));
        _frB = Fr.Reduce(System.Numerics.BigInteger.Parse("9876543210987654321098765432109876543210987654321"));
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fp FpMul()
    {
        Fp x = _fpA;
        for (int i = 0; i < Chain; i++)
        {
            x *= _fpB;
        }
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fr FrMul()
    {
        Fr x = _frA;
        for (int i = 0; i < Chain; i++)
        {
            x *= _frB;
        }
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fp FpSquare()
    {
        Fp x = _fpA;
        for (int i = 0; i < Chain; i++)
        {
            x = x.Square();
        }
        return x;
    }

    [Benchmark]
    public Fp FpInverse() => _fpA.Inverse();
}
