using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Polynomials;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Polynomials;

/// <summary>
/// The number-theoretic transform against its definition FFT(a)_i = Σ_j a_j·ω^(ij) (snarkjs's
/// convention), the inverse against the forward transform, and the coset shift against powers
/// computed one by one. Sizes from 2^12 on take the parallel path; 2^14 also runs the stages that are
/// split between cores after the per-block ones.
/// </summary>
public class EvaluationDomainTests
{
    private const int Runs = 30;
    private const int LargestRoundTripLog2 = 12;
    private const int LargestNaiveLog2 = 6;

    /// <summary>A size exponent in [0, maxLog2] and a vector of that length.</summary>
    private static Arbitrary<(int Log2, Fr[] Values)> Vectors(int maxLog2) =>
        Gen.Choose(0, maxLog2)
            .SelectMany(log2 => Gen.ArrayOf(FieldGenerators.FrGen, 1 << log2).Select(values => (log2, values)))
            .ToArbitrary();

    [Property(MaxTest = Runs)]
    public Property InverseUndoesTheTransform() =>
        Prop.ForAll(Vectors(LargestRoundTripLog2), input =>
        {
            EvaluationDomain domain = EvaluationDomain.Get(input.Log2);
            Fr[] values = (Fr[])input.Values.Clone();
            domain.Fft(values);
            domain.InverseFft(values);
            Assert.Equal(input.Values, values);
            domain.InverseFft(values);
            domain.Fft(values);
            Assert.Equal(input.Values, values);
        });

    [Property(MaxTest = Runs)]
    public Property TransformMatchesTheDefinition() =>
        Prop.ForAll(Vectors(LargestNaiveLog2), input =>
        {
            EvaluationDomain domain = EvaluationDomain.Get(input.Log2);
            Fr[] values = (Fr[])input.Values.Clone();
            domain.Fft(values);
            Assert.Equal(NaiveDft(input.Values, domain.Generator), values);
            Fr[] inverse = (Fr[])input.Values.Clone();
            domain.InverseFft(inverse);
            Assert.Equal(NaiveDft(input.Values, domain.GeneratorInverse).Select(v => v * domain.SizeInverse), inverse);
        });

    [Fact]
    public void LargeTransformMatchesEvaluationAtSampledPoints()
    {
        const int log2 = 14;
        EvaluationDomain domain = EvaluationDomain.Get(log2);
        Fr[] coefficients = Gen.ArrayOf(FieldGenerators.FrGen, domain.Size).Sample(1, 1)[0];
        Fr[] values = (Fr[])coefficients.Clone();
        domain.Fft(values);
        foreach (int i in new[] { 0, 1, 2, 3, 4095, 4096, 8191, 8192, 8193, 12345, domain.Size - 1 })
        {
            Assert.Equal(Evaluate(coefficients, domain.Generator.Pow(i)), values[i]);
        }
        domain.InverseFft(values);
        Assert.Equal(coefficients, values);
    }

    /// <summary>The AVX-512 butterflies, scaling and powers against the scalar twin, through the parallel sizes.</summary>
    [Property(MaxTest = 10)]
    public Property LanesMatchTheScalarTwin() =>
        Prop.ForAll(Vectors(14), Arbitraries.Fr, (input, g) =>
        {
            EvaluationDomain domain = EvaluationDomain.Get(input.Log2);
            Fr[] lanes = (Fr[])input.Values.Clone(), scalars = (Fr[])input.Values.Clone();
            domain.Fft(lanes, useLanes: true);
            domain.Fft(scalars, useLanes: false);
            Assert.Equal(scalars, lanes);
            domain.InverseFft(lanes, useLanes: true);
            domain.InverseFft(scalars, useLanes: false);
            Assert.Equal(scalars, lanes);
            Assert.Equal(input.Values, lanes);
            EvaluationDomain.MultiplyByPowers(lanes.AsSpan(1), g, useLanes: true);
            EvaluationDomain.MultiplyByPowers(scalars.AsSpan(1), g, useLanes: false);
            Assert.Equal(scalars, lanes);
        });

    [Fact]
    public void UnitVectorTransformsToPowersOfTheGenerator()
    {
        EvaluationDomain domain = EvaluationDomain.Get(5);
        var values = new Fr[domain.Size];
        values[1] = Fr.One;
        domain.Fft(values);
        for (int i = 0; i < domain.Size; i++)
        {
            Assert.Equal(domain.Generator.Pow(i), values[i]);
        }
    }

    [Fact]
    public void DomainPropertiesAreConsistent()
    {
        for (int log2 = 0; log2 <= 16; log2++)
        {
            EvaluationDomain domain = EvaluationDomain.Get(log2);
            Assert.Same(domain, EvaluationDomain.Get(log2));
            Assert.Equal(log2, domain.Log2Size);
            Assert.Equal(1 << log2, domain.Size);
            Assert.Equal(RootsOfUnity.Get(log2), domain.Generator);
            Assert.True((domain.Generator * domain.GeneratorInverse).IsOne);
            Assert.True((domain.SizeInverse * Fr.FromUInt64((ulong)domain.Size)).IsOne);
        }
    }

    [Fact]
    public void DomainsAreBuiltOnceUnderConcurrentUse()
    {
        var domains = new EvaluationDomain[8];
        Parallel.For(0, domains.Length, i => domains[i] = EvaluationDomain.Get(13));
        Assert.All(domains, d => Assert.Same(domains[0], d));
    }

    [Property(MaxTest = Runs)]
    public Property MultiplyByPowersMatchesPowersOneByOne() =>
        Prop.ForAll(Gen.Choose(0, 9000).SelectMany(n => Gen.ArrayOf(FieldGenerators.FrGen, n)).ToArbitrary(),
            Arbitraries.Fr, (values, g) =>
            {
                Fr[] shifted = (Fr[])values.Clone();
                EvaluationDomain.MultiplyByPowers(shifted, g);
                Fr power = Fr.One;
                for (int j = 0; j < values.Length; j++)
                {
                    Assert.Equal(values[j] * power, shifted[j]);
                    power *= g;
                }
            });

    /// <summary>The odd-coset evaluation of snarkjs's prover: X(inc·ω^i) = FFT(a_j·inc^j)_i with a = iFFT(X on the domain).</summary>
    [Fact]
    public void CosetTransformEvaluatesOnTheShiftedDomain()
    {
        EvaluationDomain domain = EvaluationDomain.Get(4);
        Fr[] coefficients = Gen.ArrayOf(FieldGenerators.FrGen, domain.Size).Sample(1, 1)[0];
        Fr inc = RootsOfUnity.Get(5);
        Fr[] values = (Fr[])coefficients.Clone();
        domain.Fft(values);
        domain.InverseFft(values);
        EvaluationDomain.MultiplyByPowers(values, inc);
        domain.Fft(values);
        for (int i = 0; i < domain.Size; i++)
        {
            Assert.Equal(Evaluate(coefficients, inc * domain.Generator.Pow(i)), values[i]);
        }
    }

    [Fact]
    public void WrongLengthsAndSizesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => EvaluationDomain.Get(3).Fft(new Fr[7]));
        Assert.Throws<ArgumentException>(() => EvaluationDomain.Get(3).InverseFft(new Fr[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain.Get(29));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain.Get(-1));
    }

    private static Fr[] NaiveDft(Fr[] a, Fr root)
    {
        var result = new Fr[a.Length];
        Fr rowRoot = Fr.One;
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = Evaluate(a, rowRoot);
            rowRoot *= root;
        }
        return result;
    }

    /// <summary>Σ_j a_j·x^j by Horner's rule.</summary>
    private static Fr Evaluate(Fr[] a, Fr x)
    {
        Fr sum = Fr.Zero;
        for (int j = a.Length - 1; j >= 0; j--)
        {
            sum = sum * x + a[j];
        }
        return sum;
    }
}
