using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Benchmarks;

/// <summary>The extension-field operations that make up the Miller loop and the final exponentiation.</summary>
public class TowerBenchmarks
{
    private Fp2 _a2, _b2;
    private Fp12 _a12, _b12, _cyclotomic;
    private Fp _a, _b;

    [GlobalSetup]
    public void Setup()
    {
        _a = Fp.FromUInt64(1234567);
        _b = Fp.FromUInt64(7654321).Inverse();
        _a2 = new Fp2(_a, _b);
        _b2 = new Fp2(_b, _a.Square());
        var a6 = new Fp6(_a2, _b2, _a2.Square());
        var b6 = new Fp6(_b2, _a2, _b2.Square());
        _a12 = new Fp12(a6, b6);
        _b12 = new Fp12(b6, a6.Square());
        var t = _a12.Conjugate() * _a12.Inverse();
        _cyclotomic = t.Frobenius(2) * t;
    }

    [Benchmark]
    public Fp FpAdd() => _a + _b;

    [Benchmark]
    public Fp FpSub() => _a - _b;

    [Benchmark]
    public Fp2 Fp2Mul() => _a2 * _b2;

    [Benchmark]
    public Fp2 Fp2Square() => _a2.Square();

    [Benchmark]
    public Fp12 Fp12Mul() => _a12 * _b12;

    [Benchmark]
    public Fp12 Fp12Square() => _a12.Square();

    [Benchmark]
    public Fp12 Fp12CyclotomicSquare() => _cyclotomic.CyclotomicSquare();

    [Benchmark]
    public Fp12 Fp12MulByLine() => _a12.MulByLine(_a2, _b2, _a2);

    [Benchmark]
    public Fp12 Fp12Inverse() => _a12.Inverse();
}
