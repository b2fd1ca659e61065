using System.Numerics;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>
/// The lane formulas of <see cref="JacobianLanes{TLanes}"/> against <see cref="ShortWeierstrass{F}"/>,
/// for G1 and G2: eight lanes mixing ordinary sums, the identity on either side, absent additions and,
/// in two runs out of three, a lane with P = ±Q, which the lanes must report instead of computing.
/// </summary>
public class JacobianLanesTests
{
    [Property(MaxTest = CaseCounts.Curve)]
    public Property G1LaneFormulasMatchTheScalarFormulas() =>
        new JacobianLanesLaws<G1Jacobian, Fp, MontgomeryLanes<FpLaneModulus>>(
            p => new JacobianPoint<Fp> { X = p.X, Y = p.Y, Z = p.Z },
            p => p.IsIdentity ? G1Jacobian.Identity : new G1Jacobian(p.X, p.Y, p.Z),
            p => p.ToAffine() is var a ? (a.X, a.Y, a.IsIdentity) : default).LaneFormulasMatchTheScalarFormulas();

    [Property(MaxTest = CaseCounts.Curve)]
    public Property G2LaneFormulasMatchTheScalarFormulas() =>
        new JacobianLanesLaws<G2Jacobian, Fp2, Fp2Lanes>(
            p => new JacobianPoint<Fp2> { X = p.X, Y = p.Y, Z = p.Z },
            p => p.IsIdentity ? G2Jacobian.Identity : new G2Jacobian(p.X, p.Y, p.Z),
            p => p.ToAffine() is var a ? (a.X, a.Y, a.IsIdentity) : default).LaneFormulasMatchTheScalarFormulas();
}

internal sealed class JacobianLanesLaws<TJacobian, F, TLanes>(
    Func<TJacobian, JacobianPoint<F>> toPoint,
    Func<JacobianPoint<F>, TJacobian> fromPoint,
    Func<TJacobian, (F X, F Y, bool Identity)> toAffine)
    where TJacobian : struct, ICurveGroup<TJacobian>
    where F : struct, IField<F>
    where TLanes : struct, IFieldLanes<TLanes>
{
    private JacobianPoint<F> ToPoint(TJacobian p) => toPoint(p);
    private TJacobian FromPoint(JacobianPoint<F> p) => fromPoint(p);
    private (F X, F Y, bool Identity) ToAffine(TJacobian p) => toAffine(p);

    internal Property LaneFormulasMatchTheScalarFormulas() =>
        Prop.ForAll(Gen.ArrayOf(CurveGenerators.ScalarGen, 2 * Lanes<F>.Count).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(),
            (scalars, exceptional) =>
            {
                if (!MontgomeryLanes<FpLaneModulus>.IsSupported)
                {
                    return;
                }
                const int n = Lanes<F>.Count;
                var left = new JacobianPoint<F>[n];
                var right = new JacobianPoint<F>[n];
                var xs = new F[n];
                var ys = new F[n];
                var absent = new ulong[n];
                var rightPoints = new TJacobian[n];
                var affinePoints = new TJacobian[n];
                for (int j = 0; j < n; j++)
                {
                    TJacobian p = TJacobian.Generator.Multiply(scalars[j]);
                    TJacobian q = TJacobian.Generator.Multiply(scalars[j + n]);
                    if (exceptional != 0 && j == 5)
                    {
                        q = exceptional == 1 ? p.Double() - p : -p;
                    }
                    left[j] = j == 1 ? default : ToPoint(p);
                    right[j] = j == 2 ? default : ToPoint(q);
                    rightPoints[j] = j == 2 ? TJacobian.Identity : q;
                    affinePoints[j] = q;
                    (xs[j], ys[j], bool identity) = ToAffine(q);
                    absent[j] = j == 3 || identity ? ulong.MaxValue : 0;
                }
                bool SameAbscissa(int j, TJacobian other) =>
                    !left[j].IsIdentity && !other.IsIdentity && (FromPoint(left[j]) == other || FromPoint(left[j]) == -other);

                bool addExceptional = Enumerable.Range(0, n).Any(j => SameAbscissa(j, rightPoints[j]));
                JacobianLanes<TLanes> sum = JacobianLanes<TLanes>.Load<F>(left);
                Assert.Equal(!addExceptional, sum.TryAdd(JacobianLanes<TLanes>.Load<F>(right)));
                AssertLanes(sum, j =>
                {
                    JacobianPoint<F> expected = left[j];
                    if (!addExceptional)
                    {
                        expected.Add(right[j]);
                    }
                    return expected;
                });

                bool affineExceptional = Enumerable.Range(0, n).Any(j => absent[j] == 0 && SameAbscissa(j, affinePoints[j]));
                sum = JacobianLanes<TLanes>.Load<F>(left);
                Assert.Equal(!affineExceptional, sum.TryAddAffine(TLanes.Load(in xs[0]), TLanes.Load(in ys[0]), Vector512.Create<ulong>(absent)));
                AssertLanes(sum, j =>
                {
                    JacobianPoint<F> expected = left[j];
                    if (!affineExceptional && absent[j] == 0)
                    {
                        expected.AddAffine(xs[j], ys[j]);
                    }
                    return expected;
                });
            });

    private void AssertLanes(in JacobianLanes<TLanes> lanes, Func<int, JacobianPoint<F>> expected)
    {
        var actual = new JacobianPoint<F>[Lanes<F>.Count];
        lanes.Store<F>(actual);
        for (int j = 0; j < actual.Length; j++)
        {
            Assert.Equal(FromPoint(expected(j)), FromPoint(actual[j]));
        }
    }
}
