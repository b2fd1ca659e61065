using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// <see cref="Phase2KeyCheck"/> on snarkjs keys: a contributed key passes against its initial key, and each kind of
/// tampering — a point of every section, a coefficient, δ, α, a key from another circuit or another ptau — is
/// refused by the check that names it.
/// </summary>
public sealed class Phase2KeyCheckTests(ContributedCeremony ceremony) : IClassFixture<ContributedCeremony>
{
    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void Initial_and_contributed_keys_pass(string circuit)
    {
        var initial = ZkeyFile.Read(ceremony.Initial(circuit));
        var final = ZkeyFile.Read(ceremony.Contributed(circuit));
        var tau = ceremony.TauG1(2 * final.DomainSize - 1);
        Assert.Null(Phase2KeyCheck.FirstFailure(initial, initial, G1Affine.Generator, tau));
        Assert.Null(Phase2KeyCheck.FirstFailure(initial, final, final.Delta1, tau));
    }

    [Theory]
    [InlineData("IC", "the IC section")]
    [InlineData("A", "the A section")]
    [InlineData("B1", "the B1 section")]
    [InlineData("B2", "the B2 section")]
    [InlineData("C", "the C (L) section")]
    [InlineData("H", "the H section")]
    [InlineData("coefficient", "the coefficients section")]
    [InlineData("alpha1", "alpha1")]
    [InlineData("delta1", "delta1")]
    public void A_change_anywhere_is_refused_by_the_check_that_names_it(string what, string expected)
    {
        var initial = ZkeyFile.Read(ceremony.Initial("poseidon"));
        var final = what is "alpha1" or "delta1" ? Tampered(ceremony.Contributed("poseidon"), what) : ZkeyFile.Read(ceremony.Contributed("poseidon"));
        void Points(ReadOnlyMemory<G1Affine> section)
        {
            int i = section.Length / 2;
            section.Writable()[i] = (section.Span[i].ToJacobian() + G1Affine.Generator).ToAffine();
        }
        switch (what)
        {
            case "IC": Points(final.IC); break;
            case "A": Points(final.A); break;
            case "B1": Points(final.B1); break;
            case "C": Points(final.C); break;
            case "H": Points(final.H); break;
            case "B2":
                final.B2.Writable()[3] = (final.B2.Span[3].ToJacobian() + G2Affine.Generator.ToJacobian()).ToAffine();
                break;
            case "coefficient":
                final.Coefficients[5] = final.Coefficients[5] with { Value = final.Coefficients[5].Value + Bn254.Fields.Fr.One };
                break;
        }
        // The chain's δ₁ is the untouched key's: a changed δ₁ in the header no longer matches it.
        var chainDelta1 = ZkeyFile.Read(ceremony.Contributed("poseidon")).Delta1;
        string? failure = Phase2KeyCheck.FirstFailure(initial, final, chainDelta1, ceremony.TauG1(2 * final.DomainSize - 1));
        Assert.NotNull(failure);
        Assert.StartsWith(expected, failure);
    }

    [Fact]
    public void A_key_for_another_circuit_or_from_another_ptau_is_refused()
    {
        var multi = ZkeyFile.Read(ceremony.Initial("multi"));
        var poseidon = ZkeyFile.Read(ceremony.Contributed("poseidon"));
        Assert.StartsWith("the key is for another circuit", Phase2KeyCheck.FirstFailure(multi, poseidon, poseidon.Delta1, ceremony.TauG1(2 * poseidon.DomainSize - 1)));

        var other = ZkeyFile.Read(ceremony.File("multi_other.zkey"));
        Assert.Equal("alpha1 is not the ptau's", Phase2KeyCheck.FirstFailure(multi, other, other.Delta1, ceremony.TauG1(2 * other.DomainSize - 1)));
    }

    [Fact]
    public void A_delta1_that_is_not_the_chains_is_refused()
    {
        var initial = ZkeyFile.Read(ceremony.Initial("multi"));
        var final = ZkeyFile.Read(ceremony.Contributed("multi"));
        Assert.Equal("delta1 is not the last contribution's deltaAfter",
            Phase2KeyCheck.FirstFailure(initial, final, G1Affine.Generator, ceremony.TauG1(2 * final.DomainSize - 1)));
    }

    /// <summary>A copy of the key whose header point (alpha1 or delta1) is doubled, δ₂ left alone.</summary>
    private static ProvingKey Tampered(string path, string what)
    {
        var k = ZkeyFile.Read(path);
        G1Affine Doubled(G1Affine p) => (p.ToJacobian() + p).ToAffine();
        return new ProvingKey(k.NVars, k.NPublic, k.DomainSize,
            what == "alpha1" ? Doubled(k.Alpha1) : k.Alpha1, k.Beta1, k.Beta2, k.Gamma2,
            what == "delta1" ? Doubled(k.Delta1) : k.Delta1, k.Delta2,
            k.IC, k.Coefficients, k.A, k.B1, k.B2, k.C, k.H, k.Contributions);
    }

}
