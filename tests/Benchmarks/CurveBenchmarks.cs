using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Benchmarks;

/// <summary>G1 and G2 group operations and the pairing.</summary>
[MemoryDiagnoser]
public class CurveBenchmarks
{
    private G1Jacobian _p, _q;
    private G1Affine _qAffine, _g1;
    private G2Affine _g2;
    private G2Prepared _g2Prepared = null!;
    private Fp12 _f;

    [GlobalSetup]
    public void Setup()
    {
        _p = G1Affine.Generator.Multiply(123456789);
        _q = G1Affine.Generator.Multiply(987654321);
        _qAffine = _q.ToAffine();
        _g1 = _p.ToAffine();
        _g2 = G2Affine.Generator.Multiply(55555).ToAffine();
        _g2Prepared = G2Prepared.Prepare(_g2);
        _f = Pairing.MillerLoop([_g1], [_g2Prepared]);
    }

    [Benchmark]
    public G1Jacobian G1Add() => _p + _q;

    [Benchmark]
    public G1Jacobian G1AddMixed() => _p + _qAffine;

    [Benchmark]
    public G1Jacobian G1Double() => _p.Double();

    [Benchmark]
    public bool G2SubgroupCheck() => _g2.IsInSubgroup;

    [Benchmark]
    public Fp12 MillerLoop() => Pairing.MillerLoop([_g1], [_g2Prepared]);

    [Benchmark]
    public Fp12 FinalExponentiation() => Pairing.FinalExponentiation(_f);

    [Benchmark]
    public Fp12 Pairing_() => Pairing.Pair(_g1, _g2);
}
