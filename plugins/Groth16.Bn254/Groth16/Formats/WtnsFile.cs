using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Reads and writes circom/snarkjs witness files (FORMATS §3; snarkjs src/wtns_utils.js, circom_runtime
/// js/witness_calculator.js calculateWTNSBin): container "wtns" version 2, section 1 = <c>u32 n8 ‖ prime[n8]
/// ‖ u32 nWitness</c> (40 bytes), section 2 = nWitness plain little-endian values in [0, r). Index 0 is the
/// constant 1, then outputs, public inputs, private inputs and internal signals, in r1cs wire order.
/// </summary>
public static class WtnsFile
{
    private const string Magic = "wtns";
    private const uint Version = 2;
    private const int HeaderSection = 1;
    private const int ValueSection = 2;
    private const int HeaderLength = 4 + 32 + 4;
    private const int ValueSize = 32;

    /// <summary>Reads a .wtns file; throws <see cref="BinaryFormatException"/> naming the file, section and problem.</summary>
    public static Fr[] Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads a .wtns from <paramref name="stream"/>'s position to its end; <paramref name="fileName"/> names it in errors.</summary>
    public static Fr[] Read(Stream stream, string fileName)
    {
        var file = BinFile.Open(stream, fileName, Magic, Version);
        var header = file.Open(HeaderSection);
        header.ReadPrime("n8", "prime", Fr.Modulus);
        header.ExpectLength(HeaderLength, "u32 n8, the 32-byte prime, u32 nWitness");
        int count = header.ReadCount("nWitness");
        header.End("the header");

        var values = file.Open(ValueSection);
        values.ExpectLength((ulong)count * ValueSize, $"nWitness = {count} values of {ValueSize} bytes");
        var witness = values.ReadArray(count, ValueSize, "w", static (ReadOnlySpan<byte> bytes, out Fr value) =>
            Fr.TryReadBytes(bytes, bigEndian: false, out value) ? null : "is not below r");
        values.End("the values");
        return witness;
    }

    /// <summary>Writes <paramref name="witness"/> as a .wtns file, replacing any file at <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<Fr> witness)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, witness);
    }

    /// <summary>Writes <paramref name="witness"/> exactly as snarkjs `wtns calculate` does for the same values.</summary>
    public static void Write(Stream stream, ReadOnlySpan<Fr> witness)
    {
        var writer = new BinFileWriter(stream, Magic, Version, ValueSection);
        writer.BeginSection(HeaderSection, HeaderLength);
        writer.WritePrime(Fr.Modulus);
        writer.WriteUInt32((uint)witness.Length);
        writer.EndSection();
        writer.BeginSection(ValueSection, (ulong)witness.Length * ValueSize);
        writer.WriteArray(witness, ValueSize, static (in Fr value, Span<byte> destination) => value.WriteBytes(destination, bigEndian: false));
        writer.EndSection();
        writer.Finish();
    }
}
