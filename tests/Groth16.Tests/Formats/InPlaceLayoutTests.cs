using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>
/// A key's bulk sections are read in place (<c>BinarySection.ReadInPlace</c>): the file's bytes go straight into the
/// arrays of <see cref="G1Affine"/>, <see cref="G2Affine"/> and <see cref="ZkeyCoefficient"/>, which is right only while
/// each type's layout in memory is its entry's layout on disk. These tests pin the layouts and check that a key read in
/// place is the key the per-element decoders (<c>PointEncoding.DecodeG1/DecodeG2</c>, the coefficient's fields read one by
/// one) make of the same bytes.
/// </summary>
public class InPlaceLayoutTests
{
    private const int CoefficientSection = 4;

    public static TheoryData<string> Circuits() => new(Vectors.Circuits);

    [Fact]
    public void Each_type_read_in_place_has_the_size_of_its_entry_on_disk()
    {
        Assert.Equal(64, Unsafe.SizeOf<G1Affine>());
        Assert.Equal(PointEncoding.G1Size, Unsafe.SizeOf<G1Affine>());
        Assert.Equal(128, Unsafe.SizeOf<G2Affine>());
        Assert.Equal(PointEncoding.G2Size, Unsafe.SizeOf<G2Affine>());
        Assert.Equal(44, Unsafe.SizeOf<ZkeyCoefficient>());
        Assert.Equal(ZkeyCoefficient.Size, Unsafe.SizeOf<ZkeyCoefficient>());
        // Arrays of them are packed too: element k starts k entries in.
        var coefficients = new ZkeyCoefficient[3];
        Assert.Equal(2 * 44, (int)Unsafe.ByteOffset(ref coefficients[0], ref coefficients[2]));
    }

    [Fact]
    public void A_coefficient_in_memory_is_matrix_constraint_signal_then_value_little_endian()
    {
        var value = Fr.FromUInt64(0x0102030405060708);
        var coefficient = new ZkeyCoefficient(1, 0x0a0b0c0d, 0x11223344, value);
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<ZkeyCoefficient>(in coefficient)).ToArray();
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(0x0a0b0c0du, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0x11223344u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        var limbs = new byte[32];
        value.WriteMontgomeryBytes(limbs);
        Assert.Equal(limbs, bytes[12..44]);
    }

    [Fact]
    public void A_point_in_memory_is_its_encoding_on_disk()
    {
        var g1 = G1Affine.Generator.Multiply(123456789).ToAffine();
        var g2 = G2Affine.Generator.Multiply(987654321).ToAffine();
        var encoded1 = new byte[PointEncoding.G1Size];
        var encoded2 = new byte[PointEncoding.G2Size];
        PointEncoding.EncodeG1(g1, encoded1);
        PointEncoding.EncodeG2(g2, encoded2);
        Assert.Equal(encoded1, MemoryMarshal.AsBytes(new ReadOnlySpan<G1Affine>(in g1)).ToArray());
        Assert.Equal(encoded2, MemoryMarshal.AsBytes(new ReadOnlySpan<G2Affine>(in g2)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void A_key_read_in_place_holds_the_sections_bytes_and_equals_them_decoded_one_by_one(string circuit)
    {
        byte[] file = Vectors.Read(circuit, "circuit.zkey");
        var layout = new ContainerLayout(file);
        var key = ZkeyFile.Read(new MemoryStream(file), "circuit.zkey");

        foreach (var (section, points, name) in new[] { (3, (ReadOnlyMemory<G1Affine>)key.IC, "IC"), (5, key.A, "A"), (6, key.B1, "B1"), (8, key.C, "C"), (9, key.H, "H") })
        {
            var body = file.AsSpan(layout.BodyOffset(section), layout.Length(section));
            Assert.True(body.SequenceEqual(MemoryMarshal.AsBytes(points.Span)), $"{name}: the array's bytes are not the section's");
            for (int i = 0; i < points.Length; i++)
            {
                Assert.Null(PointEncoding.DecodeG1(body.Slice(i * PointEncoding.G1Size, PointEncoding.G1Size), out var decoded));
                Assert.True(decoded == points.Span[i], $"{name}[{i}]");
            }
        }

        var b2Body = file.AsSpan(layout.BodyOffset(7), layout.Length(7));
        Assert.True(b2Body.SequenceEqual(MemoryMarshal.AsBytes(key.B2.Span)), "B2: the array's bytes are not the section's");
        for (int i = 0; i < key.B2.Length; i++)
        {
            Assert.Null(PointEncoding.DecodeG2(b2Body.Slice(i * PointEncoding.G2Size, PointEncoding.G2Size), out var decoded));
            Assert.True(decoded == key.B2.Span[i], $"B2[{i}]");
        }

        // Each entry: u32 matrix, u32 constraint, u32 signal, then c·R² mod r as a plain little-endian integer (R = 2^256).
        var entries = file.AsSpan(layout.BodyOffset(CoefficientSection), layout.Length(CoefficientSection));
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(entries);
        Assert.Equal(count, key.Coefficients.Length);
        var rSquaredInverse = BigInteger.ModPow(BigInteger.ModPow(2, 512, Fr.Modulus), Fr.Modulus - 2, Fr.Modulus);
        for (int i = 0; i < count; i++)
        {
            var entry = entries.Slice(4 + i * 44, 44);
            var stored = new BigInteger(entry[12..44], isUnsigned: true, isBigEndian: false);
            var expected = new ZkeyCoefficient(
                (int)BinaryPrimitives.ReadUInt32LittleEndian(entry),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]),
                Fr.FromBigInteger(stored * rSquaredInverse % Fr.Modulus));
            Assert.Equal(expected, key.Coefficients[i]);

            // The entry's bytes taken as they are, then fixed up, are the same coefficient.
            var inPlace = MemoryMarshal.Read<ZkeyCoefficient>(entry);
            Assert.Null(ZkeyCoefficient.FixUp(ref inPlace, key.DomainSize, key.NVars));
            Assert.Equal(expected, inPlace);
        }
    }
}
