using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Reads and writes Groth16 .zkey files as snarkjs 0.7.x does (FORMATS §2; snarkjs src/zkey_utils.js
/// readHeader/readHeaderGroth16/readZKey/writeZKey, src/zkey_new.js): container "zkey" version 1 with
/// sections 1–10. Reading refuses anything but a BN254 Groth16 key whose counts agree with every section
/// length (checked before any array is allocated), whose coordinates are canonical and on their curves,
/// and whose beta2, gamma2 and delta2 lie in G2. The bulk B2 section is checked on the curve only: the
/// subgroup check would dominate load time, and snarkjs itself validates none of these points. Writing
/// emits sections in ascending order, the layout `zkey contribute` produces, so a key read from such a
/// file is written back byte for byte.
/// </summary>
public static class ZkeyFile
{
    internal const string Magic = "zkey";
    internal const uint Version = 1;
    private const uint Groth16Protocol = 1;

    internal const int ProtocolSection = 1;
    internal const int HeaderSection = 2;
    internal const int ICSection = 3;
    internal const int CoefficientSection = 4;
    internal const int ASection = 5;
    internal const int B1Section = 6;
    internal const int B2Section = 7;
    internal const int CSection = 8;
    internal const int HSection = 9;
    internal const int ContributionSection = 10;

    /// <summary>n8q, q, n8r, r, nVars, nPublic, domainSize, then three G1 and three G2 points.</summary>
    private const int HeaderLength = 4 + 32 + 4 + 32 + 3 * 4 + 3 * PointEncoding.G1Size + 3 * PointEncoding.G2Size;

    /// <summary>Reads a .zkey file; throws <see cref="BinaryFormatException"/> naming the file, section and problem.</summary>
    public static ProvingKey Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads a .zkey from <paramref name="stream"/>'s position to its end; <paramref name="fileName"/> names it in errors.</summary>
    /// <param name="stream">The key.</param>
    /// <param name="fileName">Its name in errors.</param>
    /// <param name="mapFile">
    /// When <paramref name="stream"/> is a file, use its point sections (A, B1, B2, C, H: nearly all of a key) where the
    /// file holds them, mapped, instead of copying them into new memory (<see cref="MappedFile"/>): checked the same way,
    /// but with none of the time the system takes to hand out and clear that memory. For a process that proves once and
    /// ends; the file must stay as it is while the key is in use. Other streams are read as without it.
    /// </param>
    public static ProvingKey Read(Stream stream, string fileName, bool mapFile = false)
    {
        // The container first: its sections are checked against the file's length before anything is mapped.
        var file = BinFile.Open(stream, fileName, Magic, Version);
        MappedFile? mapped = mapFile && stream is FileStream fileStream ? MappedFile.TryMap(fileStream) : null;
        try
        {
            return Read(file, mapped);
        }
        catch
        {
            mapped?.Dispose();
            throw;
        }
    }

    private static ProvingKey Read(BinFile file, MappedFile? mapped)
    {
        var header = ReadHeader(file);
        int nVars = header.NVars, nPublic = header.NPublic, domainSize = header.DomainSize;
        int nC = nVars - nPublic - 1;

        var coefficientSection = file.Open(CoefficientSection);
        int nCoefs = coefficientSection.ReadCount("nCoefs");
        coefficientSection.ExpectLength(4 + (ulong)nCoefs * ZkeyCoefficient.Size, $"u32 nCoefs then nCoefs = {nCoefs} entries of {ZkeyCoefficient.Size} bytes");
        var coefficients = coefficientSection.ReadInPlace(nCoefs, "coefficient",
            (ref ZkeyCoefficient entry) => ZkeyCoefficient.FixUp(ref entry, domainSize, nVars));
        coefficientSection.End("the coefficients");

        var ic = ReadG1Section(file, ICSection, nPublic + 1, "IC");
        var a = ReadG1Section(file, ASection, nVars, "A", mapped);
        var b1 = ReadG1Section(file, B1Section, nVars, "B1", mapped);
        var b2Section = file.Open(B2Section);
        var b2 = b2Section.ReadInPlace<G2Affine>(mapped, nVars, "B2", CheckG2);
        b2Section.End("B2");
        var c = ReadG1Section(file, CSection, nC, "C", mapped);
        var h = ReadG1Section(file, HSection, domainSize, "H", mapped);
        var contributionSection = file.Open(ContributionSection);
        byte[] contributions = contributionSection.ReadRemaining("the contributions");

        return new ProvingKey(nVars, nPublic, domainSize, header.Alpha1, header.Beta1, header.Beta2, header.Gamma2, header.Delta1, header.Delta2,
            ic, coefficients, a, b1, b2, c, h, contributions);
    }

    /// <summary>Opens a .zkey container (magic and version checked, its section table read) from <paramref name="stream"/>'s position.</summary>
    internal static BinFile Open(Stream stream, string fileName) => BinFile.Open(stream, fileName, Magic, Version);

    /// <summary>
    /// Reads and checks sections 1 and 2 of an opened .zkey (a BN254 Groth16 key, its counts consistent, its header
    /// points on their curves, the G2 ones in G2) and checks that the length of every point section agrees with them.
    /// </summary>
    internal static ZkeyHeader ReadHeader(BinFile file)
    {
        ReadProtocol(file);

        var header = file.Open(HeaderSection);
        header.ReadPrime("n8q", "q", Fp.Modulus);
        header.ReadPrime("n8r", "r", Fr.Modulus);
        header.ExpectLength(HeaderLength, "the BN254 Groth16 header");
        int nVars = header.ReadCount("nVars");
        int nPublic = header.ReadCount("nPublic");
        int domainSize = header.ReadCount("domainSize");
        if (nVars < 1)
        {
            throw header.Error("nVars is 0; it must count at least the constant signal 1");
        }
        if (nPublic >= nVars)
        {
            throw header.Error($"nPublic = {nPublic} is not below nVars = {nVars}");
        }
        if (!BitOperations.IsPow2(domainSize) || BitOperations.Log2((uint)domainSize) > ProvingKey.MaxLog2DomainSize)
        {
            throw header.Error($"domainSize = {domainSize} is not a power of two of at most 2^{ProvingKey.MaxLog2DomainSize}");
        }
        if (domainSize <= nPublic)
        {
            throw header.Error($"domainSize = {domainSize} leaves no room for the nPublic + 1 = {nPublic + 1} public-input rows");
        }
        G1Affine alpha1 = HeaderG1(header, "alpha1");
        G1Affine beta1 = HeaderG1(header, "beta1");
        G2Affine beta2 = HeaderG2(header, "beta2");
        G2Affine gamma2 = HeaderG2(header, "gamma2");
        G1Affine delta1 = HeaderG1(header, "delta1");
        G2Affine delta2 = HeaderG2(header, "delta2");
        header.End("the header");

        ulong vars = (ulong)nVars;
        int nC = nVars - nPublic - 1;
        ExpectLength(file, ICSection, (ulong)(nPublic + 1) * PointEncoding.G1Size, "(nPublic + 1) G1 points");
        ExpectLength(file, ASection, vars * PointEncoding.G1Size, "nVars G1 points");
        ExpectLength(file, B1Section, vars * PointEncoding.G1Size, "nVars G1 points");
        ExpectLength(file, B2Section, vars * PointEncoding.G2Size, "nVars G2 points");
        ExpectLength(file, CSection, (ulong)nC * PointEncoding.G1Size, "nVars − nPublic − 1 G1 points");
        ExpectLength(file, HSection, (ulong)domainSize * PointEncoding.G1Size, "domainSize G1 points");
        return new ZkeyHeader(nVars, nPublic, domainSize, alpha1, beta1, beta2, gamma2, delta1, delta2);
    }

    /// <summary>Writes sections 1 and 2 as snarkjs's writeHeader does.</summary>
    internal static void WriteHeader(BinFileWriter writer, ZkeyHeader header)
    {
        writer.BeginSection(ProtocolSection, 4);
        writer.WriteUInt32(Groth16Protocol);
        writer.EndSection();

        writer.BeginSection(HeaderSection, HeaderLength);
        writer.WritePrime(Fp.Modulus);
        writer.WritePrime(Fr.Modulus);
        writer.WriteUInt32((uint)header.NVars);
        writer.WriteUInt32((uint)header.NPublic);
        writer.WriteUInt32((uint)header.DomainSize);
        writer.WriteArray<G1Affine>([header.Alpha1, header.Beta1], PointEncoding.G1Size, PointEncoding.EncodeG1);
        writer.WriteArray<G2Affine>([header.Beta2, header.Gamma2], PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.WriteArray<G1Affine>([header.Delta1], PointEncoding.G1Size, PointEncoding.EncodeG1);
        writer.WriteArray<G2Affine>([header.Delta2], PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.EndSection();
    }

    /// <summary>Writes <paramref name="key"/> as a .zkey file, replacing any file at <paramref name="path"/>.</summary>
    public static void Write(string path, ProvingKey key)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, key);
    }

    /// <summary>Writes <paramref name="key"/> as a .zkey: version 1, sections 1 to 10 in ascending order.</summary>
    public static void Write(Stream stream, ProvingKey key)
    {
        var writer = new BinFileWriter(stream, Magic, Version, ContributionSection);

        WriteHeader(writer, new ZkeyHeader(key.NVars, key.NPublic, key.DomainSize, key.Alpha1, key.Beta1, key.Beta2, key.Gamma2, key.Delta1, key.Delta2));

        WriteG1Section(writer, ICSection, key.IC);

        writer.BeginSection(CoefficientSection, 4 + (ulong)key.Coefficients.Length * ZkeyCoefficient.Size);
        writer.WriteUInt32((uint)key.Coefficients.Length);
        writer.WriteArray<ZkeyCoefficient>(key.Coefficients, ZkeyCoefficient.Size, ZkeyCoefficient.Encode);
        writer.EndSection();

        WriteG1Section(writer, ASection, key.A.Span);
        WriteG1Section(writer, B1Section, key.B1.Span);
        writer.BeginSection(B2Section, (ulong)key.B2.Length * PointEncoding.G2Size);
        writer.WriteArray<G2Affine>(key.B2.Span, PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.EndSection();
        WriteG1Section(writer, CSection, key.C.Span);
        WriteG1Section(writer, HSection, key.H.Span);

        writer.BeginSection(ContributionSection, (ulong)key.Contributions.Length);
        writer.WriteBytes(key.Contributions);
        writer.EndSection();
        writer.Finish();
    }

    private static void ReadProtocol(BinFile file)
    {
        var section = file.Open(ProtocolSection);
        section.ExpectLength(4, "u32 protocol id");
        uint protocol = section.ReadUInt32("the protocol id");
        if (protocol != Groth16Protocol)
        {
            string name = protocol switch
            {
                2 => "plonk",
                10 => "fflonk",
                _ => "unknown",
            };
            throw section.Error($"protocol id {protocol} ({name}) is not supported; expected 1 (groth16)");
        }
        section.End("the protocol id");
    }

    private static void ExpectLength(BinFile file, int id, ulong expected, string layout)
    {
        ulong length = file.LengthOf(id);
        if (length != expected)
        {
            throw file.Error(id, $"length is {length} bytes, expected {expected} ({layout})");
        }
    }

    private static G1Affine HeaderG1(BinarySection header, string name)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G1Size];
        header.ReadBytes(bytes, name);
        string? problem = PointEncoding.DecodeG1(bytes, out G1Affine point) ?? (point.IsIdentity ? "is the point at infinity" : null);
        return problem is null ? point : throw header.Error($"{name}: {problem}");
    }

    private static G2Affine HeaderG2(BinarySection header, string name)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G2Size];
        header.ReadBytes(bytes, name);
        string? problem = PointEncoding.DecodeG2InSubgroup(bytes, out G2Affine point) ?? (point.IsIdentity ? "is the point at infinity" : null);
        return problem is null ? point : throw header.Error($"{name}: {problem}");
    }

    private static G1Affine[] ReadG1Section(BinFile file, int id, int count, string name)
    {
        var section = file.Open(id);
        var points = section.ReadInPlace<G1Affine>(count, name, CheckG1, G1Affine.AllValid);
        section.End(name);
        return points;
    }

    /// <summary>A G1 section read into a new array, or used where the mapped file holds it.</summary>
    private static Memory<G1Affine> ReadG1Section(BinFile file, int id, int count, string name, MappedFile? mapped)
    {
        var section = file.Open(id);
        var points = section.ReadInPlace<G1Affine>(mapped, count, name, CheckG1, G1Affine.AllValid);
        section.End(name);
        return points;
    }

    private static void WriteG1Section(BinFileWriter writer, int id, ReadOnlySpan<G1Affine> points)
    {
        writer.BeginSection(id, (ulong)points.Length * PointEncoding.G1Size);
        writer.WriteArray<G1Affine>(points, PointEncoding.G1Size, PointEncoding.EncodeG1);
        writer.EndSection();
    }

    private static string? CheckG1(ref G1Affine point) => PointEncoding.CheckG1(point);

    private static string? CheckG2(ref G2Affine point) => PointEncoding.CheckG2(point);
}
