using System.Buffers;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// A phase-2 contribution to a .zkey, as snarkjs 0.7.6 makes it (zkey_contribute.js, zkey_beacon.js,
/// mpc_applykey.js): from the generator, the secret δ' (Fr), then g1_s (G1); g1_sx = δ'·g1_s; the transcript hash
/// over the circuit hash, the earlier contributions and g1_s, g1_sx; g2_spx = δ'·hashToG2(transcript). The new key
/// has δ'·δ in the header (G1 and G2), sections 8 (C) and 9 (H) multiplied by δ'⁻¹, sections 1 and 3 to 7 as they
/// were, and the contribution appended to section 10. The output is written in one forward pass in snarkjs's layout
/// (sections 1 to 10 in order), so a beacon applied here and by snarkjs gives the same bytes. Sections 8 and 9 are
/// read, scaled and written a block of points at a time; nothing else of size is held.
/// </summary>
internal static class ZkeyContribution
{
    /// <summary>
    /// Points of sections 8 and 9 read, scaled and written at a time (4 MiB of input); settable so that tests run several
    /// blocks on small keys. A value set holds for the setting flow only (other tests running at the same time see the default).
    /// </summary>
    internal static int BlockPoints
    {
        get => BlockPointsOverride.Value ?? (1 << 16);
        set => BlockPointsOverride.Value = value;
    }

    private static readonly AsyncLocal<int?> BlockPointsOverride = new();

    private const int CopyBytes = 1 << 20;

    /// <summary>
    /// Reads the key from <paramref name="input"/>, draws the secret from <paramref name="rng"/> (which the caller
    /// clears), writes the new key to <paramref name="output"/>, and returns the key's transcript with the new
    /// contribution last.
    /// </summary>
    internal static PhaseTwoParameters Apply(
        Stream input, string inputName, Stream output, ChaChaRng rng,
        uint type, string? name, int? iterationsExponent, byte[]? beaconHash, CancellationToken cancellationToken)
    {
        var file = ZkeyFile.Open(input, inputName);
        var header = ZkeyFile.ReadHeader(file);
        var parameters = ReadParameters(file);

        Fr secret = RngSampling.NextFr(rng);
        if (secret.IsZero)
        {
            throw new InvalidOperationException("the contribution's secret is zero");
        }
        G1Affine g1S = RngSampling.NextG1(rng);
        G1Affine g1Sx = g1S.ToJacobian().Multiply(secret).ToAffine();
        byte[] transcript = parameters.TranscriptFor(g1S, g1Sx);
        G2Affine g2Spx = HashToG2.Hash(transcript).ToJacobian().Multiply(secret).ToAffine();
        var newHeader = header with
        {
            Delta1 = header.Delta1.ToJacobian().Multiply(secret).ToAffine(),
            Delta2 = header.Delta2.ToJacobian().Multiply(secret).ToAffine(),
        };
        var contribution = new PhaseTwoContribution(newHeader.Delta1, g1S, g1Sx, g2Spx, transcript, type, name, iterationsExponent, beaconHash);
        var after = new PhaseTwoParameters(parameters.CircuitHash, [.. parameters.Contributions, contribution]);

        var scaling = new G1Scaling(secret.Inverse());
        secret = default;
        try
        {
            var writer = new BinFileWriter(output, ZkeyFile.Magic, ZkeyFile.Version, ZkeyFile.ContributionSection);
            ZkeyFile.WriteHeader(writer, newHeader);
            for (int id = ZkeyFile.ICSection; id <= ZkeyFile.B2Section; id++)
            {
                Copy(file, id, writer, cancellationToken);
            }
            Scale(file, ZkeyFile.CSection, "C", scaling, writer, cancellationToken);
            Scale(file, ZkeyFile.HSection, "H", scaling, writer, cancellationToken);
            byte[] section10 = after.ToBytes();
            writer.BeginSection(ZkeyFile.ContributionSection, (ulong)section10.Length);
            writer.WriteBytes(section10);
            writer.EndSection();
            writer.Finish();
        }
        finally
        {
            scaling.Clear();
        }
        return after;
    }

    /// <summary>A key's transcript (section 10), its header checked first.</summary>
    internal static PhaseTwoParameters ReadParameters(Stream input, string inputName)
    {
        var file = ZkeyFile.Open(input, inputName);
        ZkeyFile.ReadHeader(file);
        return ReadParameters(file);
    }

    private static PhaseTwoParameters ReadParameters(BinFile file) => PhaseTwoParameters.Read(file.Open(ZkeyFile.ContributionSection));

    /// <summary>A section's body copied as it is (snarkjs copySection).</summary>
    private static void Copy(BinFile file, int id, BinFileWriter writer, CancellationToken cancellationToken)
    {
        var section = file.Open(id);
        writer.BeginSection(id, section.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min((ulong)CopyBytes, Math.Max(section.Length, 1)));
        try
        {
            while (section.Remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min((ulong)buffer.Length, section.Remaining));
                section.ReadBytes(chunk, $"section {id}");
                writer.WriteBytes(chunk);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        writer.EndSection();
    }

    /// <summary>Every point of a G1 section multiplied by the scaling's scalar, a block at a time; each point is checked as it is read.</summary>
    private static void Scale(BinFile file, int id, string name, G1Scaling scaling, BinFileWriter writer, CancellationToken cancellationToken)
    {
        var section = file.Open(id);
        int count = (int)(section.Length / PointEncoding.G1Size);
        writer.BeginSection(id, section.Length);
        int block = Math.Max(1, Math.Min(BlockPoints, count));
        byte[] bytes = new byte[block * PointEncoding.G1Size];
        var points = new G1Affine[block];
        var scaled = new G1Affine[block];
        for (int first = 0; first < count; first += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(block, count - first);
            var chunk = bytes.AsSpan(0, n * PointEncoding.G1Size);
            section.ReadBytes(chunk, $"{name} point {first}");
            for (int i = 0; i < n; i++)
            {
                if (PointEncoding.DecodeG1(chunk.Slice(i * PointEncoding.G1Size, PointEncoding.G1Size), out points[i]) is { } problem)
                {
                    throw section.Error($"{name}[{first + i}]: {problem}");
                }
            }
            scaling.MultiplyAll(points, scaled, n, cancellationToken);
            for (int i = 0; i < n; i++)
            {
                PointEncoding.EncodeG1(scaled[i], chunk.Slice(i * PointEncoding.G1Size, PointEncoding.G1Size));
            }
            writer.WriteBytes(chunk);
        }
        section.End(name);
        writer.EndSection();
    }
}
