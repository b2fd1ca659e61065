using System.Buffers.Binary;
using System.Text;
using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Section 10 of a .zkey, the phase-2 transcript (FORMATS "Section 10"; snarkjs zkey_utils.js readMPCParams,
/// writeMPCParams, hashPubKey): the circuit hash (BLAKE2b-512, from <c>groth16 setup</c>) and the contributions in
/// order. Read with every length and parameter checked (sorted parameter types, known ones only, as snarkjs insists);
/// written as snarkjs writes it, so that a record read and written again keeps its bytes.
/// </summary>
internal sealed class PhaseTwoParameters
{
    private const int NameParameter = 1;
    private const int IterationsParameter = 2;
    private const int BeaconHashParameter = 3;

    internal PhaseTwoParameters(byte[] circuitHash, IReadOnlyList<PhaseTwoContribution> contributions)
    {
        CircuitHash = circuitHash;
        Contributions = contributions;
    }

    internal byte[] CircuitHash { get; }

    internal IReadOnlyList<PhaseTwoContribution> Contributions { get; }

    /// <summary>Reads the whole of section 10 from <paramref name="section"/>.</summary>
    internal static PhaseTwoParameters Read(BinarySection section)
    {
        var circuitHash = new byte[Blake2b512.Size];
        section.ReadBytes(circuitHash, "the circuit hash");
        int count = section.ReadCount("the number of contributions");
        // Each contribution takes at least 3 G1 + 1 G2 + transcript + type + parameter length bytes.
        const int smallest = 3 * PointEncoding.G1Size + PointEncoding.G2Size + Blake2b512.Size + 8;
        if ((ulong)count * smallest > section.Remaining)
        {
            throw section.Error($"{count} contributions cannot fit the {section.Remaining} bytes that remain");
        }
        var contributions = new List<PhaseTwoContribution>(count);
        for (int i = 0; i < count; i++)
        {
            contributions.Add(ReadContribution(section, i + 1));
        }
        section.End("the contributions");
        return new PhaseTwoParameters(circuitHash, contributions);
    }

    private static PhaseTwoContribution ReadContribution(BinarySection section, int number)
    {
        string at = $"contribution #{number}";
        G1Affine deltaAfter = ReadG1(section, $"{at}: deltaAfter");
        G1Affine g1S = ReadG1(section, $"{at}: g1_s");
        G1Affine g1Sx = ReadG1(section, $"{at}: g1_sx");
        G2Affine g2Spx = ReadG2(section, $"{at}: g2_spx");
        var transcript = new byte[Blake2b512.Size];
        section.ReadBytes(transcript, $"{at}: the transcript");
        uint type = section.ReadUInt32($"{at}: the type");
        if (type > PhaseTwoContribution.BeaconType)
        {
            throw section.Error($"{at}: type {type} is neither 0 (a contribution) nor 1 (a beacon)");
        }
        uint length = section.ReadUInt32($"{at}: the parameters' length");
        if (length > section.Remaining)
        {
            throw section.Error($"{at}: the parameters' length {length} runs past the section's end");
        }
        var parameters = new byte[length];
        section.ReadBytes(parameters, $"{at}: the parameters");

        string? name = null;
        int? iterations = null;
        byte[]? beaconHash = null;
        int last = 0;
        for (int p = 0; p < parameters.Length;)
        {
            int kind = parameters[p++];
            if (kind <= last)
            {
                throw section.Error($"{at}: parameter {kind} follows parameter {last}; they must be sorted");
            }
            last = kind;
            switch (kind)
            {
                case NameParameter:
                    name = Encoding.UTF8.GetString(Counted(parameters, ref p, section, at, "the name"));
                    break;
                case IterationsParameter:
                    iterations = Counted(parameters, ref p, 1, section, at, "the iterations exponent")[0];
                    break;
                case BeaconHashParameter:
                    beaconHash = Counted(parameters, ref p, section, at, "the beacon hash").ToArray();
                    break;
                default:
                    throw section.Error($"{at}: parameter type {kind} is not known (1 name, 2 iterations exponent, 3 beacon hash)");
            }
        }
        return new PhaseTwoContribution(deltaAfter, g1S, g1Sx, g2Spx, transcript, type, name, iterations, beaconHash);
    }

    /// <summary>A u8 length then that many bytes.</summary>
    private static ReadOnlySpan<byte> Counted(byte[] parameters, ref int p, BinarySection section, string at, string what)
    {
        int length = Counted(parameters, ref p, 1, section, at, what)[0];
        return Counted(parameters, ref p, length, section, at, what);
    }

    private static ReadOnlySpan<byte> Counted(byte[] parameters, ref int p, int length, BinarySection section, string at, string what)
    {
        if (parameters.Length - p < length)
        {
            throw section.Error($"{at}: the parameters end inside {what}");
        }
        var bytes = parameters.AsSpan(p, length);
        p += length;
        return bytes;
    }

    private static G1Affine ReadG1(BinarySection section, string what)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G1Size];
        section.ReadBytes(bytes, what);
        return PointEncoding.DecodeG1(bytes, out G1Affine point) is { } problem ? throw section.Error($"{what}: {problem}") : point;
    }

    private static G2Affine ReadG2(BinarySection section, string what)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G2Size];
        section.ReadBytes(bytes, what);
        return PointEncoding.DecodeG2(bytes, out G2Affine point) is { } problem ? throw section.Error($"{what}: {problem}") : point;
    }

    /// <summary>The section's body as snarkjs's writeMPCParams writes it.</summary>
    internal byte[] ToBytes()
    {
        var body = new MemoryStream();
        body.Write(CircuitHash);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)Contributions.Count);
        body.Write(word);
        Span<byte> g1 = stackalloc byte[PointEncoding.G1Size];
        Span<byte> g2 = stackalloc byte[PointEncoding.G2Size];
        foreach (var c in Contributions)
        {
            foreach (var point in (ReadOnlySpan<G1Affine>)[c.DeltaAfter, c.G1S, c.G1Sx])
            {
                PointEncoding.EncodeG1(point, g1);
                body.Write(g1);
            }
            PointEncoding.EncodeG2(c.G2Spx, g2);
            body.Write(g2);
            body.Write(c.Transcript);
            BinaryPrimitives.WriteUInt32LittleEndian(word, c.Type);
            body.Write(word);
            byte[] parameters = EncodeParameters(c);
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)parameters.Length);
            body.Write(word);
            body.Write(parameters);
        }
        return body.ToArray();
    }

    /// <summary>
    /// snarkjs writeContribution: the name (its first 64 UTF-16 units, UTF-8) when there is one, and for a beacon its
    /// iterations exponent and hash.
    /// </summary>
    private static byte[] EncodeParameters(PhaseTwoContribution c)
    {
        var parameters = new List<byte>();
        if (!string.IsNullOrEmpty(c.Name))
        {
            byte[] name = Encoding.UTF8.GetBytes(c.Name.Length > PhaseTwoContribution.MaxNameLength ? c.Name[..PhaseTwoContribution.MaxNameLength] : c.Name);
            parameters.Add(NameParameter);
            parameters.Add((byte)name.Length);
            parameters.AddRange(name);
        }
        if (c.IsBeacon)
        {
            byte[] beacon = c.BeaconHash ?? [];
            parameters.Add(IterationsParameter);
            parameters.Add((byte)(c.IterationsExponent ?? 0));
            parameters.Add(BeaconHashParameter);
            parameters.Add((byte)beacon.Length);
            parameters.AddRange(beacon);
        }
        return [.. parameters];
    }

    /// <summary>
    /// The transcript a new contribution proves knowledge against (zkey_contribute.js): BLAKE2b-512 of the circuit hash,
    /// every earlier contribution's public key (<see cref="AppendPublicKey"/>), then the new g1_s and g1_sx.
    /// </summary>
    internal byte[] TranscriptFor(G1Affine g1S, G1Affine g1Sx)
    {
        using var hasher = new Blake2b512();
        hasher.Update(CircuitHash);
        foreach (var c in Contributions)
        {
            AppendPublicKey(hasher, c);
        }
        AppendG1(hasher, g1S);
        AppendG1(hasher, g1Sx);
        return hasher.Finish();
    }

    /// <summary>A contribution of this transcript as the contract describes it (hashes in lowercase hex).</summary>
    internal ContributionRecord Record(PhaseTwoContribution c) => new(
        string.IsNullOrEmpty(c.Name) ? null : c.Name,
        c.IsBeacon ? ContributionKind.Beacon : ContributionKind.Contribution,
        Convert.ToHexStringLower(HashOf(c)),
        Convert.ToHexStringLower(CircuitHash),
        c.BeaconHash is { } beacon ? Convert.ToHexStringLower(beacon) : null,
        c.IterationsExponent);

    /// <summary>A contribution's hash, as snarkjs prints it and zkey verify lists it: BLAKE2b-512 of its public key.</summary>
    internal static byte[] HashOf(PhaseTwoContribution contribution)
    {
        using var hasher = new Blake2b512();
        AppendPublicKey(hasher, contribution);
        return hasher.Finish();
    }

    /// <summary>hashPubKey: deltaAfter, g1_s, g1_sx, g2_spx uncompressed, then the transcript.</summary>
    private static void AppendPublicKey(Blake2b512 hasher, PhaseTwoContribution c)
    {
        AppendG1(hasher, c.DeltaAfter);
        AppendG1(hasher, c.G1S);
        AppendG1(hasher, c.G1Sx);
        AppendG2(hasher, c.G2Spx);
        hasher.Update(c.Transcript);
    }

    /// <summary>ffjavascript's uncompressed form (LEMtoU): x ‖ y big-endian, the point at infinity all zeros.</summary>
    private static void AppendG1(Blake2b512 hasher, G1Affine point)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G1Size];
        if (!point.IsIdentity)
        {
            point.X.WriteBytes(bytes[..32], bigEndian: true);
            point.Y.WriteBytes(bytes[32..], bigEndian: true);
        }
        hasher.Update(bytes);
    }

    /// <summary>The uncompressed G2 form: x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, each big-endian (the 64-byte Fp2 reversed).</summary>
    private static void AppendG2(Blake2b512 hasher, G2Affine point)
    {
        Span<byte> bytes = stackalloc byte[PointEncoding.G2Size];
        if (!point.IsIdentity)
        {
            point.X.C1.WriteBytes(bytes[..32], bigEndian: true);
            point.X.C0.WriteBytes(bytes[32..64], bigEndian: true);
            point.Y.C1.WriteBytes(bytes[64..96], bigEndian: true);
            point.Y.C0.WriteBytes(bytes[96..], bigEndian: true);
        }
        hasher.Update(bytes);
    }
}
