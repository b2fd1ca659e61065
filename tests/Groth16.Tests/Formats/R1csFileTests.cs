using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using static CredentialHub.Groth16.Tests.Formats.FormatAssert;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>The committed circom r1cs files (vectors/SOURCE.md) read, agree with their zkeys and are satisfied by their witnesses.</summary>
public class R1csFileTests
{
    private static R1cs Load(string circuit) => R1csFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.r1cs"));

    private static Fr[] Witness(string circuit, string suffix = "") => WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), $"witness{suffix}.wtns"));

    [Theory]
    [InlineData("multi", 40)]
    [InlineData("poseidon", 544)]
    [InlineData("nopublic", 5)]
    public void R1cs_counts_agree_with_the_zkey(string circuit, int constraints)
    {
        var r1cs = Load(circuit);
        var key = ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));
        Assert.Equal(key.NVars, r1cs.NWires);
        Assert.Equal(key.NPublic, r1cs.NPublic);
        Assert.Equal(constraints, r1cs.Constraints.Length);
        Assert.Equal(r1cs.NWires, r1cs.WireToLabel!.Length);
        Assert.Equal(0UL, r1cs.WireToLabel[0]);
        Assert.True(r1cs.NLabels >= (ulong)r1cs.NWires);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void The_real_witnesses_satisfy_every_constraint(string circuit)
    {
        var r1cs = Load(circuit);
        Assert.Equal(-1, R1csFile.FirstUnsatisfied(r1cs, Witness(circuit)));
        Assert.Equal(-1, R1csFile.FirstUnsatisfied(r1cs, Witness(circuit, "2")));
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Changing_an_internal_signal_breaks_the_first_constraint_that_uses_it(string circuit)
    {
        var r1cs = Load(circuit);
        var witness = Witness(circuit);
        int wire = r1cs.NWires - 1;
        witness[wire] += Fr.One;
        int first = Array.FindIndex(r1cs.Constraints, c => c.A.Wires.Contains(wire) || c.B.Wires.Contains(wire) || c.C.Wires.Contains(wire));
        Assert.Equal(first, R1csFile.FirstUnsatisfied(r1cs, witness));
        Assert.False(r1cs.Constraints[first].IsSatisfiedBy(witness));
    }

    [Fact]
    public void A_witness_of_the_wrong_length_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => R1csFile.FirstUnsatisfied(Load("nopublic"), new Fr[8]));
        Assert.Contains("the witness holds 8 values, the r1cs has 9 wires", e.Message);
    }

    [Fact]
    public void Custom_gate_sections_are_skipped_and_the_label_map_is_optional()
    {
        byte[] original = Vectors.Read("nopublic", "circuit.r1cs");
        var layout = new ContainerLayout(original);
        var extended = new MemoryStream();
        extended.Write(PatchUInt32(original, 8, 5));
        foreach (int id in new[] { 4, 5 })
        {
            extended.Write(BitConverter.GetBytes(id));
            extended.Write(BitConverter.GetBytes(3UL));
            extended.Write([1, 2, 3]);
        }
        Assert.Equal(5, R1csFile.Read(new MemoryStream(extended.ToArray()), "custom.r1cs").Constraints.Length);

        var withoutLabels = PatchUInt32(original[..layout.HeaderOffset(3)], 8, 2);
        Assert.Null(R1csFile.Read(new MemoryStream(withoutLabels), "nolabels.r1cs").WireToLabel);
    }

    [Fact]
    public void Damaged_r1cs_files_are_refused()
    {
        byte[] original = Vectors.Read("multi", "circuit.r1cs");
        var layout = new ContainerLayout(original);
        int header = layout.BodyOffset(1), constraints = layout.BodyOffset(2);
        var read = (Func<Stream, string, object>)R1csFile.Read;

        // The first term of constraint 0's A: u32 nTerms, then u32 wire, coef[32].
        Assert.NotEqual(0u, BitConverter.ToUInt32(original, constraints));
        Refused(read, PatchUInt32(original, constraints + 4, 56), 2, "constraint 0 A, term 0: wire 56 is not below nWires = 56");
        Refused(read, Patch(original, constraints + 8, Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: false)), 2, "constraint 0 A, term 0: coefficient is not below r");
        Refused(read, PatchUInt32(original, constraints, 1_000_000), 2, "constraint 0 A: 1000000 terms do not fit");
        var prime = (byte[])original.Clone();
        prime[header + 4] ^= 0x01;
        Refused(read, prime, 1, "prime is");
        Refused(read, PatchUInt32(original, header + 36, 5), 1, "nWires = 5 cannot hold");
        Refused(read, PatchUInt32(original, header + 60, int.MaxValue), 2, "mConstraints = 2147483647 (from the header) cannot fit");
        Refused(read, PatchUInt32(original, header + 60, 39), 2, "bytes are left over after the 39 constraints");
        Refused(read, PatchUInt32(original, header + 36, 57), 3, "expected 456 (nWires = 57 u64 labels)");
        Refused(read, PatchUInt32(original, 4, 2), null, "version 2 is not supported (at most 1)");
        Refused(read, PatchUInt32(original, layout.HeaderOffset(1), 2), 2, "appears more than once");
        foreach (int cut in Enumerable.Range(0, 20).Select(k => original.Length * k / 20))
        {
            Assert.Throws<BinaryFormatException>(() => R1csFile.Read(new MemoryStream(original[..cut]), "cut.r1cs"));
        }
    }
}
