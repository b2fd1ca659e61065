using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Points in snarkjs's "U" (uncompressed) form, the form its ceremony hashes are taken over (ffjavascript
/// toRprUncompressed, wasmcurves LEMtoU): the plain coordinates big-endian, x then y; a G2 coordinate c0 + c1·u as
/// c1 ‖ c0; the point at infinity as all zero bytes.
/// </summary>
internal static class UncompressedPoints
{
    internal static void WriteG1(in G1Affine point, Span<byte> destination)
    {
        if (point.IsIdentity)
        {
            destination[..64].Clear();
            return;
        }
        point.X.WriteBytes(destination[..32], bigEndian: true);
        point.Y.WriteBytes(destination[32..64], bigEndian: true);
    }

    internal static void WriteG2(in G2Affine point, Span<byte> destination)
    {
        if (point.IsIdentity)
        {
            destination[..128].Clear();
            return;
        }
        point.X.C1.WriteBytes(destination[..32], bigEndian: true);
        point.X.C0.WriteBytes(destination[32..64], bigEndian: true);
        point.Y.C1.WriteBytes(destination[64..96], bigEndian: true);
        point.Y.C0.WriteBytes(destination[96..128], bigEndian: true);
    }

    /// <summary>Feeds points to a hash in U form, in blocks.</summary>
    internal static void Hash(Blake2b512 hasher, ReadOnlySpan<G1Affine> points)
    {
        var buffer = new byte[Math.Min(points.Length, 4096) * 64];
        for (int first = 0; first < points.Length; first += 4096)
        {
            int n = Math.Min(4096, points.Length - first);
            for (int i = 0; i < n; i++)
            {
                WriteG1(points[first + i], buffer.AsSpan(i * 64, 64));
            }
            hasher.Update(buffer, 0, n * 64);
        }
    }

    internal static void Hash(Blake2b512 hasher, ReadOnlySpan<G2Affine> points)
    {
        var buffer = new byte[Math.Min(points.Length, 4096) * 128];
        for (int first = 0; first < points.Length; first += 4096)
        {
            int n = Math.Min(4096, points.Length - first);
            for (int i = 0; i < n; i++)
            {
                WriteG2(points[first + i], buffer.AsSpan(i * 128, 128));
            }
            hasher.Update(buffer, 0, n * 128);
        }
    }

    /// <summary>Jacobian G2 points to affine with one inversion (Montgomery's trick); the identity becomes all zero.</summary>
    internal static G2Affine[] ToAffine(G2Jacobian[] points)
    {
        var z = new Fp2[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            z[i] = points[i].Z;
        }
        FieldMath.BatchInverse<Fp2>(z);
        var result = new G2Affine[points.Length];
        Parallel.For(0, (points.Length + 4095) / 4096, block =>
        {
            int end = Math.Min(points.Length, (block + 1) * 4096);
            for (int i = block * 4096; i < end; i++)
            {
                if (points[i].IsIdentity)
                {
                    continue;
                }
                Fp2 zi2 = z[i].Square();
                result[i] = new G2Affine(points[i].X * zi2, points[i].Y * zi2 * z[i]);
            }
        });
        return result;
    }
}
