using System.Numerics;
using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;

namespace CredentialHub.Benchmarks;

/// <summary>
/// G1 multi-scalar multiplication on every core, and dense on one core: points per core-second is
/// N / mean time of <see cref="G1DenseOneCore"/>. Dense: uniform 254-bit scalars (the H term of a proof).
/// Witness: 35 % zeros, 35 % ones, 15 % values below 2^16 and 15 % uniform values, like the A, B and C
/// terms of a circom witness.
/// </summary>
[MemoryDiagnoser]
public class MsmBenchmarks
{
    private G1Affine[] _points = [];
    private Fr[] _dense = [], _witness = [];

    [Params(12, 16, 20)]
    public int Log2 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << Log2;
        var random = new Random(Log2);
        _points = MsmInputs.G1Points(n, random);
        _dense = MsmInputs.DenseScalars(n, random);
        _witness = MsmInputs.WitnessScalars(n, random);
    }

    [Benchmark]
    public G1Jacobian G1Dense() => Msm.MultiScalarMul(_points, _dense);

    [Benchmark]
    public G1Jacobian G1Witness() => Msm.MultiScalarMul(_points, _witness);

    [Benchmark]
    public G1Jacobian G1DenseOneCore() => Msm.MultiScalarMul(_points, _dense, maxDegreeOfParallelism: 1);
}

/// <summary>G2 multi-scalar multiplication on every core (the B2 term of a proof), dense and witness-like scalars.</summary>
[MemoryDiagnoser]
public class MsmG2Benchmarks
{
    private G2Affine[] _points = [];
    private Fr[] _dense = [], _witness = [];

    [Params(14)]
    public int Log2 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << Log2;
        var random = new Random(Log2);
        _points = MsmInputs.G2Points(n, random);
        _dense = MsmInputs.DenseScalars(n, random);
        _witness = MsmInputs.WitnessScalars(n, random);
    }

    [Benchmark]
    public G2Jacobian G2Dense() => Msm.MultiScalarMul(_points, _dense);

    [Benchmark]
    public G2Jacobian G2Witness() => Msm.MultiScalarMul(_points, _witness);
}

/// <summary>Benchmark inputs: points as a random start plus multiples of a random step, scalars from a seeded generator.</summary>
internal static class MsmInputs
{
    internal static G1Affine[] G1Points(int n, Random random)
    {
        var jacobian = new G1Jacobian[n];
        G1Jacobian current = G1Jacobian.Generator.Multiply(Uniform(random).ToBigInteger());
        G1Jacobian step = G1Jacobian.Generator.Multiply(Uniform(random).ToBigInteger());
        for (int i = 0; i < n; i++)
        {
            jacobian[i] = current;
            current += step;
        }
        return G1Jacobian.BatchToAffine(jacobian);
    }

    internal static G2Affine[] G2Points(int n, Random random)
    {
        var points = new G2Affine[n];
        G2Jacobian current = G2Jacobian.Generator.Multiply(Uniform(random).ToBigInteger());
        G2Jacobian step = G2Jacobian.Generator.Multiply(Uniform(random).ToBigInteger());
        for (int i = 0; i < n; i++)
        {
            points[i] = current.ToAffine();
            current += step;
        }
        return points;
    }

    internal static Fr[] DenseScalars(int n, Random random) =>
        Enumerable.Range(0, n).Select(_ => Uniform(random)).ToArray();

    internal static Fr[] WitnessScalars(int n, Random random) =>
        Enumerable.Range(0, n).Select(_ => random.Next(100) switch
        {
            < 35 => Fr.Zero,
            < 70 => Fr.One,
            < 85 => Fr.FromUInt64((ulong)random.Next(2, 1 << 16)),
            _ => Uniform(random),
        }).ToArray();

    private static Fr Uniform(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return Fr.Reduce(new BigInteger(bytes, isUnsigned: true));
    }
}
