using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>The committed snarkjs zkeys (vectors/SOURCE.md: `groth16 setup` + one `zkey contribute`) read, agree with their verification keys and r1cs, and write back unchanged.</summary>
public class ZkeyFileTests
{
    public static TheoryData<string, int, int, int> Keys() => new()
    {
        { "multi", 56, 5, 64 },
        { "poseidon", 549, 4, 1024 },
        { "nopublic", 9, 0, 8 },
    };

    private static ProvingKey Load(string circuit) => ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));

    [Theory]
    [MemberData(nameof(Keys))]
    public void Snarkjs_zkeys_read_with_their_counts(string circuit, int nVars, int nPublic, int domainSize)
    {
        var key = Load(circuit);
        Assert.Equal(nVars, key.NVars);
        Assert.Equal(nPublic, key.NPublic);
        Assert.Equal(domainSize, key.DomainSize);
        Assert.Equal(1 << key.Log2DomainSize, key.DomainSize);
        Assert.Equal(nPublic + 1, key.IC.Length);
        Assert.Equal(nVars, key.A.Length);
        Assert.Equal(nVars, key.B1.Length);
        Assert.Equal(nVars, key.B2.Length);
        Assert.Equal(nVars - nPublic - 1, key.C.Length);
        Assert.Equal(domainSize, key.H.Length);
        Assert.NotEmpty(key.Contributions);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Header_points_equal_the_exported_verification_key(string circuit)
    {
        var key = Load(circuit);
        var vk = VerificationKey.Parse(Vectors.Read(circuit, "verification_key.json"));
        Assert.Equal(vk.PublicSignalCount, key.NPublic);
        Assert.Equal(vk.Alpha1, key.Alpha1);
        Assert.Equal(vk.Beta2, key.Beta2);
        Assert.Equal(vk.Gamma2, key.Gamma2);
        Assert.Equal(vk.Delta2, key.Delta2);
        Assert.Equal(vk.IC, key.IC);
        Assert.Equal(Bn254.Curves.G2Affine.Generator, key.Gamma2);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Coefficients_are_the_r1cs_A_and_B_terms_plus_one_row_per_public_input(string circuit)
    {
        var key = Load(circuit);
        var r1cs = R1csFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.r1cs"));
        var expected = new List<ZkeyCoefficient>();
        for (int c = 0; c < r1cs.Constraints.Length; c++)
        {
            var constraint = r1cs.Constraints[c];
            expected.AddRange(constraint.A.Wires.Select((w, k) => new ZkeyCoefficient(0, c, w, constraint.A.Coefficients[k])));
            expected.AddRange(constraint.B.Wires.Select((w, k) => new ZkeyCoefficient(1, c, w, constraint.B.Coefficients[k])));
        }
        for (int s = 0; s <= r1cs.NPublic; s++)
        {
            expected.Add(new ZkeyCoefficient(0, r1cs.Constraints.Length + s, s, Fr.One));
        }
        static (int, int, int) Slot(ZkeyCoefficient e) => (e.Matrix, e.Constraint, e.Signal);
        Assert.Equal(expected.OrderBy(Slot), key.Coefficients.OrderBy(Slot));
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Snarkjs_wrote_the_sections_in_ascending_order(string circuit)
    {
        Assert.Equal(Enumerable.Range(1, 10), new ContainerLayout(Vectors.Read(circuit, "circuit.zkey")).Order);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Writing_a_read_key_reproduces_the_snarkjs_file_byte_for_byte(string circuit)
    {
        byte[] original = Vectors.Read(circuit, "circuit.zkey");
        var key = ZkeyFile.Read(new MemoryStream(original), "circuit.zkey");
        var written = new MemoryStream();
        ZkeyFile.Write(written, key);
        Assert.Equal(original, written.ToArray());
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void A_key_mapped_from_its_file_equals_the_key_read_into_memory_and_proves(string circuit)
    {
        string path = Path.Combine(Vectors.Directory(circuit), "circuit.zkey");
        var read = ZkeyFile.Read(path);
        ProvingKey mapped;
        using (var file = File.OpenRead(path))
        {
            mapped = ZkeyFile.Read(file, "circuit.zkey", mapFile: true);
        }
        // The stream is closed: the mapping outlives it.
        AssertSameKey(read, mapped);
        // Used in place: the memory is not an array.
        Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(mapped.A, out _));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(read.A, out _));

        // The mapped key proves, and the proof verifies against the circuit's own verification key.
        var (proof, signals) = new CredentialHub.Groth16.Proving.Groth16Prover(mapped).Prove(WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), "witness.wtns")));
        var vkey = VerificationKey.Parse(File.ReadAllBytes(Path.Combine(Vectors.Directory(circuit), "verification_key.json")));
        Assert.True(Groth16Verifier.Verify(vkey, signals, proof).IsValid);
    }

    /// <summary>Every count, header point, section and the contributions of two keys are equal.</summary>
    private static void AssertSameKey(ProvingKey expected, ProvingKey actual)
    {
        Assert.Equal((expected.NVars, expected.NPublic, expected.DomainSize), (actual.NVars, actual.NPublic, actual.DomainSize));
        Assert.Equal((expected.Alpha1, expected.Beta1, expected.Delta1), (actual.Alpha1, actual.Beta1, actual.Delta1));
        Assert.Equal((expected.Beta2, expected.Gamma2, expected.Delta2), (actual.Beta2, actual.Gamma2, actual.Delta2));
        Assert.Equal(expected.IC, actual.IC);
        Assert.Equal(expected.Coefficients, actual.Coefficients);
        Assert.True(expected.A.Span.SequenceEqual(actual.A.Span), "A");
        Assert.True(expected.B1.Span.SequenceEqual(actual.B1.Span), "B1");
        Assert.True(expected.B2.Span.SequenceEqual(actual.B2.Span), "B2");
        Assert.True(expected.C.Span.SequenceEqual(actual.C.Span), "C");
        Assert.True(expected.H.Span.SequenceEqual(actual.H.Span), "H");
        Assert.Equal(expected.Contributions, actual.Contributions);
    }

    [Fact]
    public void Write_then_read_through_a_file_round_trips()
    {
        var key = Load("multi");
        string path = Path.Combine(Path.GetTempPath(), $"formats-{Guid.NewGuid():N}.zkey");
        try
        {
            ZkeyFile.Write(path, key);
            AssertSameKey(key, ZkeyFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sections_are_found_by_id_whatever_their_order_on_disk()
    {
        // The order `snarkjs groth16 setup` writes (FORMATS §1).
        byte[] original = Vectors.Read("multi", "circuit.zkey");
        var layout = new ContainerLayout(original);
        var reordered = new MemoryStream();
        reordered.Write(original, 0, 12);
        foreach (int id in new[] { 1, 2, 4, 3, 9, 8, 5, 6, 7, 10 })
        {
            reordered.Write(original, layout.HeaderOffset(id), 12 + layout.Length(id));
        }
        var key = ZkeyFile.Read(new MemoryStream(reordered.ToArray()), "setup.zkey");
        var rewritten = new MemoryStream();
        ZkeyFile.Write(rewritten, key);
        Assert.Equal(original, rewritten.ToArray());
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_too()
    {
        var key = ZkeyFile.Read(new ForwardOnlyStream(Vectors.Read("nopublic", "circuit.zkey")), "piped.zkey");
        Assert.Equal(9, key.NVars);
    }

    [Fact]
    public void A_missing_file_is_an_IOException()
    {
        Assert.ThrowsAny<IOException>(() => ZkeyFile.Read(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.zkey")));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
