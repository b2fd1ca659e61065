using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// The section checks of <c>zkey verify</c> on keys from a real snarkjs ceremony: the L (C) section of a
/// contributed key has the same ratio to the initial key's as δ₂ to the generator, and the H section follows the
/// ptau's powers of tau; a changed point, a swapped section or the wrong δ is refused.
/// </summary>
public sealed class SectionRatioTests(ContributedCeremony ceremony) : IClassFixture<ContributedCeremony>
{
    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void A_contributed_keys_C_section_has_the_ratio_of_its_delta(string circuit)
    {
        var initial = ZkeyFile.Read(ceremony.Initial(circuit));
        var final = ZkeyFile.Read(ceremony.Contributed(circuit));
        Assert.Equal(G2Affine.Generator, initial.Delta2);
        Assert.NotEqual(initial.Delta2, final.Delta2);

        Assert.True(SameRatio.HoldsForSections(initial.C.Span, final.C.Span, final.Delta2, initial.Delta2));
        Assert.True(SameRatio.HoldsForSections(initial.C.Span, initial.C.Span, initial.Delta2, initial.Delta2));
        // The wrong way round, or against the initial δ, it does not hold.
        Assert.False(SameRatio.HoldsForSections(initial.C.Span, final.C.Span, initial.Delta2, final.Delta2));
        Assert.False(SameRatio.HoldsForSections(initial.C.Span, final.C.Span, initial.Delta2, initial.Delta2));
    }

    [Theory]
    [InlineData("multi", 0)]
    [InlineData("multi", -1)]
    [InlineData("poseidon", 17)]
    public void One_changed_C_point_is_refused(string circuit, int index)
    {
        var initial = ZkeyFile.Read(ceremony.Initial(circuit));
        var final = ZkeyFile.Read(ceremony.Contributed(circuit));
        var changed = final.C.ToArray();
        int i = index < 0 ? changed.Length + index : index;
        changed[i] = (changed[i].ToJacobian() + G1Affine.Generator).ToAffine();
        Assert.False(SameRatio.HoldsForSections(initial.C.Span, changed, final.Delta2, initial.Delta2));
        Assert.False(SameRatio.HoldsForSections(initial.C.Span, final.C.Span[1..], final.Delta2, initial.Delta2));
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void The_H_section_follows_the_powers_of_tau_before_and_after_a_contribution(string circuit)
    {
        var initial = ZkeyFile.Read(ceremony.Initial(circuit));
        var final = ZkeyFile.Read(ceremony.Contributed(circuit));
        var tau = ceremony.TauG1(2 * final.DomainSize - 1);

        Assert.True(HSectionCheck.Holds(tau, initial.H.Span, G2Affine.Generator, initial.Delta2));
        Assert.True(HSectionCheck.Holds(tau, final.H.Span, G2Affine.Generator, final.Delta2));
        Assert.False(HSectionCheck.Holds(tau, final.H.Span, G2Affine.Generator, initial.Delta2));
        Assert.False(HSectionCheck.Holds(tau, initial.H.Span, G2Affine.Generator, final.Delta2));
    }

    [Theory]
    [InlineData("multi", 0)]
    [InlineData("poseidon", 1023)]
    [InlineData("poseidon", 511)]
    public void One_changed_H_point_or_another_ptau_is_refused(string circuit, int index)
    {
        var final = ZkeyFile.Read(ceremony.Contributed(circuit));
        var tau = ceremony.TauG1(2 * final.DomainSize - 1);
        var changed = final.H.ToArray();
        changed[index] = changed[index].Negate();
        Assert.False(HSectionCheck.Holds(tau, changed, G2Affine.Generator, final.Delta2));

        // Powers of another τ (here τ² in place of τ): the same H no longer follows.
        var other = new G1Affine[tau.Length];
        for (int i = 0; i < other.Length; i++)
        {
            other[i] = tau[Math.Min(2 * i, tau.Length - 1)];
        }
        Assert.False(HSectionCheck.Holds(other, final.H.Span, G2Affine.Generator, final.Delta2));
    }

    [Fact]
    public void Too_few_powers_are_refused_not_read_past()
    {
        var final = ZkeyFile.Read(ceremony.Contributed("multi"));
        var tau = ceremony.TauG1(2 * final.DomainSize - 2);
        Assert.False(HSectionCheck.Holds(tau, final.H.Span, G2Affine.Generator, final.Delta2));
    }

    [Fact]
    public void Same_ratio_of_single_points_matches_the_definition()
    {
        var s = Fr.FromUInt64(123456789);
        var a = G1Affine.Generator.Multiply(7).ToAffine();
        var b = a.Multiply(s.ToBigInteger()).ToAffine();
        var c = G2Affine.Generator.Multiply(11).ToAffine();
        var d = c.Multiply(s.ToBigInteger()).ToAffine();
        Assert.True(SameRatio.Holds(a, b, c, d));
        Assert.False(SameRatio.Holds(a, b, d, c));
        Assert.False(SameRatio.Holds(G1Affine.Identity, G1Affine.Identity, c, d));
    }

}
