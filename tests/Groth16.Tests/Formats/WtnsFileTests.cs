using System.Text.Json;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using static CredentialHub.Groth16.Tests.Formats.FormatAssert;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>The committed snarkjs witnesses (`wtns calculate`, vectors/SOURCE.md) read, hold the public signals, and write back unchanged.</summary>
public class WtnsFileTests
{
    public static TheoryData<string, string> Witnesses() => Vectors.CircuitsAndInputs();

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void Witnesses_start_with_one_then_the_public_signals(string circuit, string suffix)
    {
        var witness = WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), $"witness{suffix}.wtns"));
        var publicSignals = JsonSerializer.Deserialize<string[]>(Vectors.Read(circuit, $"public{suffix}.json"))!.Select(Fr.Parse).ToArray();
        var key = ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));
        Assert.Equal(key.NVars, witness.Length);
        Assert.Equal(Fr.One, witness[0]);
        Assert.Equal(publicSignals, witness[1..(key.NPublic + 1)]);
    }

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void Writing_a_read_witness_reproduces_the_snarkjs_file_byte_for_byte(string circuit, string suffix)
    {
        byte[] original = Vectors.Read(circuit, $"witness{suffix}.wtns");
        var written = new MemoryStream();
        WtnsFile.Write(written, WtnsFile.Read(new MemoryStream(original), "witness.wtns"));
        Assert.Equal(original, written.ToArray());
    }

    [Fact]
    public void Write_then_read_through_a_file_round_trips_edge_values()
    {
        Fr[] values = [Fr.One, Fr.Zero, -Fr.One, Fr.FromUInt64(ulong.MaxValue), Fr.Parse("2").Inverse()];
        string path = Path.Combine(Path.GetTempPath(), $"formats-{Guid.NewGuid():N}.wtns");
        try
        {
            WtnsFile.Write(path, values);
            Assert.Equal(values, WtnsFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Damaged_witnesses_are_refused()
    {
        byte[] original = Vectors.Read("multi", "witness.wtns");
        var layout = new ContainerLayout(original);
        int header = layout.BodyOffset(1), values = layout.BodyOffset(2);
        var read = (Func<Stream, string, object>)WtnsFile.Read;

        var prime = (byte[])original.Clone();
        prime[header + 4] ^= 0x01;
        Refused(read, prime, 1, "prime is");
        Refused(read, PatchUInt32(original, header, 48), 1, "n8 = 48");
        Refused(read, Patch(original, values + 7 * 32, Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: false)), 2, "w[7]: is not below r");
        Refused(read, PatchUInt32(original, header + 36, 57), 2, "length is 1792 bytes, expected 1824 (nWitness = 57 values of 32 bytes)");
        Refused(read, PatchUInt32(original, 4, 3), null, "version 3 is not supported (at most 2)");
        Refused(read, Patch(original, 0, (byte)'z', (byte)'k', (byte)'e', (byte)'y'), null, "magic is 'zkey', expected 'wtns'");
        Refused(read, PatchUInt64(original, layout.HeaderOffset(2) + 4, 1UL << 40), 2, "runs past the end of the file");
        foreach (int cut in Enumerable.Range(0, 20).Select(k => original.Length * k / 20))
        {
            Assert.Throws<BinaryFormatException>(() => WtnsFile.Read(new MemoryStream(original[..cut]), "cut.wtns"));
        }
    }
}
